import type {
  AttemptRow,
  PatternRow,
  ReadModels,
  SmsDeliveryRow,
  SupportRecordRow,
  UserFactorsRow,
} from "../ports";

/** In-memory read models for unit tests: rows are given, queries filter them like the SQL does. */
export interface FakeData {
  users: UserFactorsRow[];
  attempts: AttemptRow[];
  patterns: Record<string, PatternRow[]>;
  sms: SmsDeliveryRow[];
  support: SupportRecordRow[];
}

const byNewest = (a: { at: Date }, b: { at: Date }) => b.at.getTime() - a.at.getTime();

export function createFakeReadModels(data: FakeData): ReadModels & { calls: string[] } {
  const calls: string[] = [];
  const failures = (from: Date, to: Date) =>
    data.attempts.filter((a) => a.outcome === "failed" && a.at >= from && a.at < to);
  return {
    calls,
    async getUserFactors(userId) {
      calls.push(`getUserFactors:${userId}`);
      return data.users.find((u) => u.userId === userId) ?? null;
    },
    async getUserTimeline(userId, q) {
      calls.push(`getUserTimeline:${userId}`);
      const rows = data.attempts
        .filter(
          (a) =>
            a.userId === userId &&
            (!q.method || a.method === q.method) &&
            (!q.outcome || a.outcome === q.outcome) &&
            (!q.pattern || a.pattern === q.pattern) &&
            (!q.from || a.at >= q.from) &&
            (!q.to || a.at < q.to),
        )
        .sort(byNewest);
      const start = q.after ? rows.findIndex((r) => r.attemptId === q.after) + 1 : 0;
      const page = rows.slice(start, start + q.first);
      return {
        items: page.map((attempt) => ({ cursor: attempt.attemptId, attempt })),
        hasNextPage: start + q.first < rows.length,
      };
    },
    async getAttempt(id) {
      return data.attempts.find((a) => a.attemptId === id) ?? null;
    },
    async getUserPatterns(userId) {
      return data.patterns[userId] ?? [];
    },
    async getRecentSmsDeliveries(userId, limit) {
      const attempts = new Set(data.attempts.filter((a) => a.userId === userId).map((a) => a.attemptId));
      return data.sms.filter((s) => s.attemptId !== null && attempts.has(s.attemptId)).slice(0, limit);
    },
    async getSupportHistory(userId, limit) {
      return data.support.filter((s) => s.userId === userId).slice(0, limit);
    },
    async getAuditLog(q) {
      return data.support
        .filter((s) => s.at >= q.from && s.at < q.to && (!q.actor || s.actor === q.actor))
        .slice(0, q.limit);
    },
    async failuresGrouped(q) {
      const groups = new Map<string, AttemptRow[]>();
      for (const a of failures(q.from, q.to)) {
        const key = q.by === "ip" ? (a.ip ?? "?") : q.by === "country" ? (a.country ?? "?") : a.method;
        groups.set(key, [...(groups.get(key) ?? []), a]);
      }
      return [...groups].map(([key, rows]) => ({
        key,
        failures: rows.length,
        distinctUsers: new Set(rows.map((r) => r.userId)).size,
        firstAt: rows.map((r) => r.at).sort((x, y) => x.getTime() - y.getTime())[0]!,
        lastAt: rows.map((r) => r.at).sort((x, y) => y.getTime() - x.getTime())[0]!,
      }));
    },
    async ipsFailingForManyUsers(q) {
      const users = new Map<string, Set<string>>();
      for (const a of failures(q.from, q.to))
        if (a.ip) users.set(a.ip, (users.get(a.ip) ?? new Set()).add(a.userId));
      return [...users]
        .filter(([, u]) => u.size >= q.minUsers)
        .map(([ip, u]) => ({ ip, distinctUsers: u.size, failures: u.size, country: null, asn: null }));
    },
    async smsPumpingCandidates() {
      return [{ country: "XK", prefix: "+383", sends: 120, verifications: 2, conversion: 2 / 120 }];
    },
    async disabledAfterNewCountryLogin() {
      return [
        { userId: "u-1", loginAt: new Date(0), country: "BR", disabledAt: new Date(60_000), method: "totp" },
      ];
    },
  };
}
