import { type PatternAttempt, type PatternSummary, summarizePatterns } from "@factorlens/domain";
import { type ReadDb, schemaOf } from "../db";
import { ReadModelsError } from "../errors";
import { toPatternAttempt } from "../projection/patterns";
import type { AttemptRow, MismatchPatternRow } from "../tables";
import { type Camelize, camelize } from "./common";

export interface FactorPatterns {
  factorId: string;
  method: string;
  summary: PatternSummary;
}

export type StoredPatternView = Camelize<MismatchPatternRow>;

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

/** The projected patterns (standard windows, as of each factor's last attempt). */
export async function getStoredPatterns(
  db: ReadDb,
  userId: string,
  options: { windowMs?: number } = {},
): Promise<StoredPatternView[]> {
  const res = await db.query<{ r: MismatchPatternRow }>(
    `SELECT to_jsonb(t) AS r FROM ${schemaOf(db)}.mismatch_patterns t
     WHERE user_id = $1 AND ($2::bigint IS NULL OR window_ms = $2) ORDER BY factor_id, window_ms`,
    [userId, options.windowMs ?? null],
  );
  return res.rows.map((x) => camelize(x.r));
}
