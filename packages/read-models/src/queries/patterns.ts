import {
  type Diagnosis,
  type PatternAttempt,
  type PatternSummary,
  summarizePatterns,
} from "@factorlens/domain";
import { type ReadDb, schemaOf } from "../db";
import { ReadModelsError } from "../errors";
import { ENROLLMENT_REASON_PREFIX } from "../fold";
import type { AttemptRow } from "../tables";

/** The pattern windows support asks for most: 24 h and 7 d (any other window works too). */
export const DEFAULT_PATTERN_WINDOWS_MS = [86_400_000, 7 * 86_400_000] as const;

export interface FactorPatterns {
  factorId: string;
  method: string;
  summary: PatternSummary;
}

type PatternInput = Pick<
  AttemptRow,
  | "method"
  | "outcome"
  | "reason"
  | "completed_at"
  | "pattern"
  | "confidence"
  | "evidence"
  | "coincidence_probability"
  | "candidates_tried"
>;

/**
 * A completed attempt as the domain's pattern function takes it. A challenge refused because the
 * account was locked is `locked_out` (the summariser words the lockout), any other failure `failed`.
 */
export const toPatternAttempt = (r: PatternInput): PatternAttempt => {
  const diagnosis: Diagnosis | undefined =
    r.pattern === null
      ? undefined
      : ({
          pattern: r.pattern,
          confidence: r.confidence ?? "low",
          evidence: r.evidence ?? {},
          coincidenceProbability: r.coincidence_probability ?? 1,
          candidatesTried: r.candidates_tried ?? 0,
        } as Diagnosis);
  return {
    atMs: Date.parse(r.completed_at!),
    method: (r.method ?? "totp") as PatternAttempt["method"],
    outcome: r.outcome === "passed" ? "passed" : r.reason === "locked_out" ? "locked_out" : "failed",
    ...(r.reason?.startsWith(ENROLLMENT_REASON_PREFIX) ? { enrollment: true } : {}),
    ...(diagnosis ? { diagnosis } : {}),
  };
};

const MAX_WINDOW_MS = 90 * 86_400_000;

/**
 * Mismatch patterns of each of the user's factors over the sliding window ending at `nowMs`
 * (default: the clock now), computed on read with the domain's summarizePatterns from the
 * attempt timeline: any window, always current.
 */
export async function getUserPatterns(
  db: ReadDb,
  userId: string,
  windowMs: number,
  options: { nowMs?: number } = {},
): Promise<FactorPatterns[]> {
  if (!Number.isInteger(windowMs) || windowMs < 60_000 || windowMs > MAX_WINDOW_MS) {
    throw new ReadModelsError("invalid_argument", "windowMs must be between 1 minute and 90 days");
  }
  const nowMs = options.nowMs ?? Date.now();
  const s = schemaOf(db);
  const res = await db.query<{ factor_id: string; factor_method: string; r: AttemptRow | null }>(
    `SELECT f.factor_id, f.method AS factor_method, to_jsonb(a) AS r
     FROM ${s}.factor_status f
     LEFT JOIN ${s}.attempts a ON a.user_id = f.user_id AND a.factor_id = f.factor_id
       AND a.outcome IN ('passed', 'failed') AND a.completed_at > $2 AND a.completed_at <= $3
     WHERE f.user_id = $1
     ORDER BY f.enrollment_started_at NULLS LAST, f.factor_id`,
    [userId, new Date(nowMs - windowMs).toISOString(), new Date(nowMs).toISOString()],
  );
  const byFactor = new Map<string, { method: string; attempts: PatternAttempt[] }>();
  for (const row of res.rows) {
    const entry = byFactor.get(row.factor_id) ?? { method: row.factor_method, attempts: [] };
    if (row.r) entry.attempts.push(toPatternAttempt(row.r));
    byFactor.set(row.factor_id, entry);
  }
  return [...byFactor].map(([factorId, { method, attempts }]) => ({
    factorId,
    method,
    summary: summarizePatterns(attempts, nowMs, windowMs),
  }));
}
