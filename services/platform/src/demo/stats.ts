/** Demo counters per injected cause, for the progress lines and the summary. */
import { CAUSES, type Cause, EXPECTED_DIAGNOSIS } from "./population";

/** What is counted per cause (smsRefused: SMS the verifier's SMS guard refused to send). */
const COUNTS = [
  "users",
  "attempts",
  "accepted",
  "rejected",
  "locked",
  "smsSent",
  "smsRefused",
  "errors",
] as const;
export type Counts = Record<(typeof COUNTS)[number], number>;
export interface CauseStats extends Counts {
  examples: string[];
}

const zeroCounts = (): Counts => Object.fromEntries(COUNTS.map((k) => [k, 0])) as Counts;

export interface DemoStats {
  byCause: Record<Cause, CauseStats>;
  firstError: string | null;
  /**
   * Records one verification answer. Examples are users that showed their cause: a rejection
   * (an accepted code for healthy users), or an SMS sent for the pumping numbers.
   */
  verified(cause: Cause, answer: { accepted: boolean; reason?: string }, userId?: string): void;
  user(cause: Cause): void;
  /** A user showed their cause outside a verification (a failed enrollment confirmation). */
  shown(cause: Cause, userId: string): void;
  sms(cause: Cause, userId?: string): void;
  smsRefused(cause: Cause): void;
  error(cause: Cause, e: unknown): void;
  totals(): Counts;
}

const example = (s: CauseStats, userId: string) => {
  if (s.examples.length < 3 && !s.examples.includes(userId)) s.examples.push(userId);
};

export function createStats(): DemoStats {
  const byCause = Object.fromEntries(
    CAUSES.map((c) => [c, { ...zeroCounts(), examples: [] }]),
  ) as unknown as Record<Cause, CauseStats>;
  const stats: DemoStats = {
    byCause,
    firstError: null,
    verified(cause, a, userId) {
      const s = byCause[cause];
      s.attempts++;
      if (a.accepted) s.accepted++;
      else s.rejected++;
      if (a.reason === "locked") s.locked++;
      if (userId && a.accepted === (cause === "healthy")) example(s, userId);
    },
    user: (cause) => void byCause[cause].users++,
    shown: (cause, userId) => example(byCause[cause], userId),
    sms(cause, userId) {
      byCause[cause].smsSent++;
      if (userId && cause === "sms_pumping") example(byCause[cause], userId);
    },
    smsRefused: (cause) => void byCause[cause].smsRefused++,
    error(cause, e) {
      byCause[cause].errors++;
      stats.firstError ??= e instanceof Error ? e.message : String(e);
    },
    totals() {
      const t = zeroCounts();
      for (const s of Object.values(byCause)) for (const k of COUNTS) t[k] += s[k];
      return t;
    },
  };
  return stats;
}

export function summaryLines(stats: DemoStats): string[] {
  const head = `  ${"injected cause".padEnd(20)} ${"users".padStart(5)} ${"tries".padStart(6)} ${"ok".padStart(5)} ${"failed".padStart(6)} ${"sms".padStart(4)}  expected diagnosis   e.g.`;
  const rows = CAUSES.filter((c) => stats.byCause[c].users > 0).map((c) => {
    const s = stats.byCause[c];
    return `  ${c.padEnd(20)} ${String(s.users).padStart(5)} ${String(s.attempts).padStart(6)} ${String(s.accepted).padStart(5)} ${String(s.rejected).padStart(6)} ${String(s.smsSent).padStart(4)}  ${(EXPECTED_DIAGNOSIS[c] ?? "-").padEnd(19)} ${s.examples.slice(0, 2).join(", ")}`;
  });
  return [head, ...rows];
}
