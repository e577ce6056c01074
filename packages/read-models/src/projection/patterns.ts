import type { Queryable } from "../db";

export const DEFAULT_PATTERN_WINDOWS_MS = [3_600_000, 86_400_000, 7 * 86_400_000, 30 * 86_400_000] as const;

/** Recomputes mismatch_patterns for the given user+factor pairs (TODO: domain summarizePatterns). */
export async function recomputePatterns(
  _db: Queryable,
  _schema: string,
  _pairs: { userId: string; factorId: string; asOf: string }[],
  _options: { windowsMs: readonly number[] },
): Promise<void> {}
