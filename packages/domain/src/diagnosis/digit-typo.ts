import { createCodeGenerator } from "../otp/code-generator";
import type { OtpAlgorithm, OtpDigits } from "../otp/types";
import type { Probe } from "./probe";
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

/**
 * A code typed one digit short (a digit dropped) or long (a digit typed twice), against each code
 * of `counters`. The candidate count is the bound digits × counters, known before any HMAC (the
 * distinct variants can be fewer), so the reported coincidence probability never understates.
 * These codes have the wrong length: the verifier calls them malformed and still diagnoses them.
 */
export function lengthSlipProbes(
  secret: Uint8Array,
  params: { algorithm: OtpAlgorithm; digits: OtpDigits },
  counters: readonly number[],
  base: number,
): Probe[] {
  const n = params.digits;
  let tables: { dropped: Map<string, DiagnosisEvidence>; doubled: Map<string, DiagnosisEvidence> } | null =
    null;
  const build = () => {
    const generate = createCodeGenerator(secret, params);
    const dropped = new Map<string, DiagnosisEvidence>();
    const doubled = new Map<string, DiagnosisEvidence>();
    for (const c of counters) {
      const valid = generate(c).toString().padStart(n, "0");
      for (let i = 0; i < n; i++) {
        const offsetSteps = c - base;
        const short = valid.slice(0, i) + valid.slice(i + 1);
        if (!dropped.has(short)) dropped.set(short, { typoKind: "dropped", typoPosition: i, offsetSteps });
        const long = valid.slice(0, i + 1) + valid.slice(i);
        if (!doubled.has(long)) doubled.set(long, { typoKind: "doubled", typoPosition: i, offsetSteps });
      }
    }
    return { dropped, doubled };
  };
  const probe = (digits: number, kind: "dropped" | "doubled"): Probe => ({
    pattern: "digit_typo",
    digits,
    candidates: counters.length * n,
    match: (code) => {
      tables ??= build();
      return tables[kind].get(code) ?? null;
    },
  });
  return [probe(n - 1, "dropped"), ...(n + 1 <= 10 ? [probe(n + 1, "doubled")] : [])];
}
