import type { DiagnosisConfidence } from "./types";

/** P(a uniformly random code of `digits` digits equals at least one of `candidates` codes). */
export function coincidenceProbability(candidates: number, digits: number): number {
  if (candidates <= 0 || digits <= 0) return 0;
  return -Math.expm1(candidates * Math.log1p(-(10 ** -digits)));
}

/** Confidence from how unlikely a coincidental match was. */
export function confidenceFor(probability: number): DiagnosisConfidence {
  if (probability < 1e-4) return "high";
  if (probability < 1e-3) return "medium";
  return "low";
}
