import { type Diagnosis, type PatternAttempt, summarizePatterns } from "@factorlens/domain";
import type { Queryable } from "../db";
import { type AttemptRow, type MismatchPatternRow, TABLES } from "../tables";
import { ENROLLMENT_REASON_PREFIX } from "./apply-challenge";
import { upsertRows } from "./write";

/** Stored windows: 24 h and 7 d (any other window is computed on read by getUserPatterns). */
export const DEFAULT_PATTERN_WINDOWS_MS = [86_400_000, 7 * 86_400_000] as const;

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

/** An attempt row as the domain's pattern function takes it (completed attempts only). */
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
    outcome: r.outcome === "passed" ? "passed" : "failed",
    ...(r.reason?.startsWith(ENROLLMENT_REASON_PREFIX) ? { enrollment: true } : {}),
    ...(diagnosis ? { diagnosis } : {}),
  };
};

export const ATTEMPT_PATTERN_COLUMNS =
  "method, outcome, reason, completed_at, pattern, confidence, evidence, coincidence_probability, candidates_tried";

/**
 * Recomputes mismatch_patterns for the user+factor pairs a batch touched, at the time of each
 * pair's last failure or diagnosis. Only attempts completed by then count, so the result does not
 * depend on where batch boundaries fall (live projection == rebuild). Passes after that time show
 * up on read (getUserPatterns), not here. LATERAL … OFFSET 0 (no pull-up) keeps it an index
 * lookup per pair (by user): a plain join is planned as a hash join over the whole attempts table,
 * whose cost grows with the table.
 */
export async function recomputePatterns(
  db: Queryable,
  schema: string,
  pairs: { userId: string; factorId: string; asOf: string }[],
  options: { windowsMs: readonly number[] },
): Promise<void> {
  if (pairs.length === 0 || options.windowsMs.length === 0) return;
  const maxWindow = Math.max(...options.windowsMs);
  const res = await db.query<{ user_id: string; factor_id: string; r: PatternInput }>(
    `SELECT a.user_id, a.factor_id, jsonb_build_object(
        'method', a.method, 'outcome', a.outcome, 'reason', a.reason, 'completed_at', a.completed_at, 'pattern', a.pattern,
        'confidence', a.confidence, 'evidence', a.evidence,
        'coincidence_probability', a.coincidence_probability, 'candidates_tried', a.candidates_tried) AS r
     FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS p(user_id, factor_id, as_of)
     CROSS JOIN LATERAL (
       SELECT * FROM ${schema}.attempts a
       WHERE a.user_id = p.user_id AND a.factor_id = p.factor_id AND a.outcome IN ('passed', 'failed')
         AND a.completed_at <= p.as_of AND a.completed_at >= p.as_of - make_interval(secs => $4::float8 / 1000)
       OFFSET 0
     ) a`,
    [pairs.map((p) => p.userId), pairs.map((p) => p.factorId), pairs.map((p) => p.asOf), maxWindow],
  );
  const byPair = new Map<string, PatternAttempt[]>();
  for (const row of res.rows) {
    const key = `${row.user_id}\u0000${row.factor_id}`;
    const list = byPair.get(key) ?? [];
    list.push(toPatternAttempt(row.r));
    byPair.set(key, list);
  }
  const rows: MismatchPatternRow[] = [];
  for (const p of pairs) {
    const attempts = byPair.get(`${p.userId}\u0000${p.factorId}`) ?? [];
    const nowMs = Date.parse(p.asOf);
    for (const windowMs of options.windowsMs) {
      const s = summarizePatterns(attempts, nowMs, windowMs);
      rows.push({
        user_id: p.userId,
        factor_id: p.factorId,
        window_ms: windowMs,
        as_of: new Date(nowMs).toISOString(),
        attempts: s.attempts,
        failures: s.failures,
        dominant_pattern: s.dominantPattern,
        confidence: s.confidence,
        pattern_counts: s.patternCounts,
        skew_median_seconds: s.skew?.medianSeconds ?? null,
        skew_spread_seconds: s.skew?.spreadSeconds ?? null,
        summary: s.summary,
        suggested_steps: s.suggestedSteps,
      });
    }
  }
  await upsertRows(db, schema, TABLES.mismatchPatterns, rows);
}
