import type { DiagnosisEvidence } from "./schema";

/** Codes one substitution or one adjacent transposition away from a code of `digits` digits. */
export function typoNeighbourhoodSize(digits: number): number {
  return 9 * digits + (digits - 1);
}

/** Whether `typed` is one digit off, or two adjacent digits swapped, from `valid` (same length). */
export function typoOf(
  typed: string,
  valid: string,
): Pick<DiagnosisEvidence, "typoKind" | "typoPosition"> | null {
  if (typed.length !== valid.length) return null;
  let first = -1;
  let second = -1;
  for (let i = 0; i < typed.length; i++) {
    if (typed.charCodeAt(i) === valid.charCodeAt(i)) continue;
    if (first < 0) first = i;
    else if (second < 0) second = i;
    else return null;
  }
  if (first < 0) return null;
  if (second < 0) return { typoKind: "substitution", typoPosition: first };
  const swapped = second === first + 1 && typed[first] === valid[second] && typed[second] === valid[first];
  return swapped ? { typoKind: "transposition", typoPosition: first } : null;
}
