import type { MismatchPattern } from "@factorlens/domain";
import { type MismatchPatternRow, type ReadDb, schemaOf } from "@factorlens/read-models";
import type { DiagnosisConfidence, PatternRow } from "../ports";

/**
 * The user's mismatch_patterns rows for one window. @factorlens/read-models has the table but no
 * read function for it yet; this one query lives here until it does (then: replace by an import).
 */
export async function getUserPatterns(db: ReadDb, userId: string, windowMs: number): Promise<PatternRow[]> {
  const res = await db.query<{ r: MismatchPatternRow }>(
    `SELECT to_jsonb(t) AS r FROM ${schemaOf(db)}.mismatch_patterns t
     WHERE user_id = $1 AND window_ms = $2 ORDER BY attempts DESC, factor_id`,
    [userId, windowMs],
  );
  return res.rows.map(({ r }) => ({
    factorId: r.factor_id,
    windowMs: Number(r.window_ms),
    asOf: new Date(r.as_of),
    attempts: r.attempts,
    dominantPattern: r.dominant_pattern as MismatchPattern | null,
    confidence: r.confidence as DiagnosisConfidence,
    skewMedianSeconds: r.skew_median_seconds,
    summary: r.summary,
    suggestedSteps: r.suggested_steps,
  }));
}
