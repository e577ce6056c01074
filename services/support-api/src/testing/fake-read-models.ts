import {
  type AttemptView,
  type AuditEntry,
  type Connection,
  DEFAULT_PAGE,
  MAX_PAGE,
  ReadModelsError,
  type SmsDeliveryView,
  type UserAccountView,
} from "@factorlens/read-models";
import type { PatternRow, ReadModels } from "../ports";

/** In-memory read models for unit tests: rows are given, queries filter them like the SQL does. */
export interface FakeData {
  users: UserAccountView[];
  attempts: AttemptView[];
  patterns: Record<string, PatternRow[]>;
  sms: SmsDeliveryView[];
  support: AuditEntry[];
}

const startMs = (a: AttemptView) => Date.parse(a.startedAt);
const byNewest = (a: AttemptView, b: AttemptView) => startMs(b) - startMs(a);
const ms = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).getTime());

/** A forward page like the read models' (same refusals); the cursor is a position, never a user id. */
function page<N>(nodes: N[], q: { first?: number | null; after?: string | null }): Connection<N> {
  const first = q.first ?? DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw new ReadModelsError("invalid_argument", `page size must be an integer in 1..${MAX_PAGE}`);
  const start = q.after ? Number(/^n(\d+)$/.exec(q.after)?.[1] ?? Number.NaN) : 0;
  if (Number.isNaN(start)) throw new ReadModelsError("invalid_cursor", "cursor does not decode");
  const edges = nodes.slice(start, start + first).map((node, i) => ({ cursor: `n${start + i + 1}`, node }));
  return {
    edges,
    pageInfo: { hasNextPage: start + first < nodes.length, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export function createFakeReadModels(data: FakeData): ReadModels & { calls: string[] } {
  const calls: string[] = [];
  const failures = (from: Date, to: Date) =>
    data.attempts.filter(
      (a) => a.outcome === "failed" && startMs(a) >= from.getTime() && startMs(a) < to.getTime(),
    );
  return {
    calls,
    async getUserFactors(userId) {
      calls.push(`getUserFactors:${userId}`);
      return data.users.find((u) => u.userId === userId) ?? null;
    },
    async getUserTimeline(userId, q = {}) {
      calls.push(`getUserTimeline:${userId}`);
      const from = ms(q.from);
      const to = ms(q.to);
      const rows = data.attempts
        .filter(
          (a) =>
            a.userId === userId &&
            (!q.method || a.method === q.method) &&
            (!q.outcome || a.outcome === q.outcome) &&
            (!q.pattern || a.pattern === q.pattern) &&
            (from === null || startMs(a) >= from) &&
            (to === null || startMs(a) < to),
        )
        .sort(byNewest);
      return page(rows, q);
    },
    async getAttempt(id) {
      return data.attempts.find((a) => a.attemptId === id) ?? null;
    },
    async getUserPatterns(userId, windowMs) {
      return (data.patterns[userId] ?? []).filter((p) => p.windowMs === windowMs);
    },
    async getSharedFailureSources(userId) {
      const mine = new Set(
        data.attempts.filter((a) => a.userId === userId && a.outcome === "failed" && a.ip).map((a) => a.ip),
      );
      const others = data.attempts.filter(
        (a) => a.userId !== userId && a.outcome === "failed" && mine.has(a.ip),
      );
      return {
        userIps: mine.size,
        sharedIps: new Set(others.map((a) => a.ip)).size,
        otherAccountsByIp: new Set(others.map((a) => a.userId)).size,
        otherAccountsByNetwork: 0,
      };
    },
    async getRecentSmsDeliveries(userId, { limit } = {}) {
      const attempts = new Set(data.attempts.filter((a) => a.userId === userId).map((a) => a.attemptId));
      return data.sms.filter((s) => attempts.has(s.attemptId)).slice(0, limit);
    },
    async getSupportHistory(userId, q = {}) {
      return page(
        data.support.filter((s) => s.userId === userId),
        q,
      );
    },
    async getAuditLog(q = {}) {
      const from = ms(q.from);
      const to = ms(q.to);
      return page(
        data.support.filter(
          (s) =>
            (from === null || Date.parse(s.occurredAt) >= from) &&
            (to === null || Date.parse(s.occurredAt) < to) &&
            (!q.agentId || s.agentId === q.agentId) &&
            (!q.userId || s.userId === q.userId),
        ),
        q,
      );
    },
    async failuresGrouped(q) {
      const groups = new Map<string, AttemptView[]>();
      for (const a of failures(q.from, q.to)) {
        const key = q.by === "ip" ? (a.ip ?? "") : q.by === "country" ? (a.country ?? "") : (a.method ?? "");
        groups.set(key, [...(groups.get(key) ?? []), a]);
      }
      return page(
        [...groups].map(([key, rows]) => ({
          key,
          name: null,
          failures: rows.length,
          distinctIps: new Set(rows.map((r) => r.ip)).size,
          distinctUsers: new Set(rows.map((r) => r.userId)).size,
          unexplained: rows.filter((r) => r.pattern === "no_match").length,
        })),
        q,
      );
    },
    async ipsFailingForManyUsers(q) {
      const users = new Map<string, Set<string>>();
      for (const a of failures(q.from, q.to))
        if (a.ip) users.set(a.ip, (users.get(a.ip) ?? new Set()).add(a.userId));
      return page(
        [...users]
          .filter(([, u]) => u.size >= q.minUsers)
          .map(([ip, u]) => ({
            ip,
            distinctUsers: u.size,
            failures: u.size,
            country: null,
            asn: null,
            asnName: null,
          })),
        q,
      );
    },
    async smsPumpingCandidates(q) {
      const row = {
        country: "XK",
        numberPrefix: "+38344",
        numberType: "mobile",
        sends: 120,
        delivered: 118,
        deliveryFailed: 2,
        verified: 2,
        distinctUsers: 118,
        conversion: 2 / 120,
        unverified: 118,
        refused: 40,
      };
      return page([row], q);
    },
    async disabledAfterNewCountryLogin(q) {
      const row = {
        userId: "u-1",
        factorId: "f-totp",
        loginAt: new Date("2026-11-26T08:00:00Z"),
        loginCountry: "BR",
        loginAsn: 28573,
        disabledAt: new Date("2026-11-26T08:04:00Z"),
        secondsAfterLogin: 240,
      };
      return page([row], q);
    },
    async searchUsersByIdPrefix(q) {
      calls.push(`searchUsersByIdPrefix:${q.prefix}`);
      const ids = data.users.map((u) => u.userId).filter((id) => id.startsWith(q.prefix));
      return page(
        ids.sort().map((userId) => ({ userId, failures: 0, lastFailureAt: null, ips: [] })),
        q,
      );
    },
    async searchUsersByIp(q) {
      calls.push(`searchUsersByIp:${q.ip}`);
      // the IP itself, or an IPv4 /24 written a.b.c.0/24
      const inside = (ip: string | null) =>
        ip !== null && (q.ip.endsWith(".0/24") ? ip.startsWith(q.ip.slice(0, -4)) : ip === q.ip);
      const hit = failures(new Date(q.from), new Date(q.to)).filter((a) => inside(a.ip));
      const users = [...new Set(hit.map((a) => a.userId))];
      return page(
        users.map((userId) => {
          const mine = hit.filter((a) => a.userId === userId).sort(byNewest);
          return {
            userId,
            failures: mine.length,
            lastFailureAt: mine[0]?.startedAt ?? null,
            ips: [...new Set(mine.map((a) => a.ip!))],
          };
        }),
        q,
      );
    },
  };
}
