import type { Diagnosis } from "../diagnosis/schema";
import type { DiagnosisConfidence, MismatchPattern } from "../diagnosis/types";
import type { ChallengeMethod } from "../otp/types";
import { ruledOutSentences } from "./ruled-out";
import { ANOTHER_METHOD_STEP, LOCKOUT_STEP, stepsFor } from "./steps";
import { describePattern, type WordingInput } from "./wording";

export interface PatternAttempt {
  atMs: number;
  method: ChallengeMethod;
  outcome: "passed" | "failed" | "locked_out";
  /** The code confirmed a new enrollment (the first code after scanning). */
  enrollment?: boolean;
  diagnosis?: Diagnosis;
}

export interface SkewEstimate {
  /** Median device − server offset in seconds over the clock-skew diagnoses. */
  medianSeconds: number;
  /** Median absolute deviation from the median, in seconds. */
  spreadSeconds: number;
  samples: number;
}

export interface PatternSummary {
  fromMs: number;
  toMs: number;
  attempts: number;
  failures: number;
  passes: number;
  lockedOut: boolean;
  dominantPattern: MismatchPattern | null;
  /** Failures whose diagnosis names the dominant pattern. */
  agreeing: number;
  patternCounts: Partial<Record<MismatchPattern, number>>;
  skew: SkewEstimate | null;
  confidence: DiagnosisConfidence;
  suggestedSteps: string[];
  summary: string;
}

export const DEFAULT_PATTERN_WINDOW_MS = 24 * 3600 * 1000;
const WEIGHT: Record<DiagnosisConfidence, number> = { high: 1, medium: 0.6, low: 0.3 };

/** Summarises a user's recent attempts for a support agent. Pure; attempts in any order. */
export function summarizePatterns(
  attempts: readonly PatternAttempt[],
  nowMs: number,
  windowMs: number = DEFAULT_PATTERN_WINDOW_MS,
): PatternSummary {
  const fromMs = nowMs - windowMs;
  const recent = attempts.filter((a) => a.atMs >= fromMs && a.atMs <= nowMs).sort((a, b) => a.atMs - b.atMs);
  const failures = recent.filter((a) => a.outcome !== "passed");
  const lastPass = recent.findLast((a) => a.outcome === "passed");
  const lockedOut = recent.at(-1)?.outcome === "locked_out";
  const diagnosed = failures.flatMap((a) => (a.diagnosis ? [a.diagnosis] : []));

  const patternCounts: Partial<Record<MismatchPattern, number>> = {};
  const score = new Map<MismatchPattern, number>();
  for (const d of diagnosed) {
    patternCounts[d.pattern] = (patternCounts[d.pattern] ?? 0) + 1;
    if (d.pattern !== "no_match") score.set(d.pattern, (score.get(d.pattern) ?? 0) + WEIGHT[d.confidence]);
  }
  let dominant: MismatchPattern | null = null;
  for (const [pattern, s] of score)
    if (dominant === null || s > (score.get(dominant) ?? 0)) dominant = pattern;
  // A headline needs most diagnosed attempts behind it: one coincidental match among unexplained
  // failures is reported as such, not as the cause.
  let outvoted: WordingInput["outvoted"];
  if (dominant !== null && (patternCounts[dominant] ?? 0) * 2 <= diagnosed.length) {
    outvoted = { pattern: dominant, count: patternCounts[dominant] ?? 0, diagnosed: diagnosed.length };
    dominant = "no_match";
  }
  if (dominant === null && diagnosed.length > 0) dominant = "no_match";

  const agreeingDiagnoses = diagnosed.filter((d) => d.pattern === dominant);
  const skew = estimateSkew(diagnosed);
  const confidence = combinedConfidence(agreeingDiagnoses, diagnosed.length, dominant);

  const steps: string[] = dominant
    ? stepsFor(dominant, failures.at(-1)?.method, agreeingDiagnoses.at(-1)?.evidence)
    : [];
  if (lockedOut) steps.push(LOCKOUT_STEP);
  if (failures.length >= 3 && !steps.includes(ANOTHER_METHOD_STEP) && dominant !== "no_match")
    steps.push(ANOTHER_METHOD_STEP);

  const summary = describePattern({
    dominant,
    agreeing: agreeingDiagnoses.length,
    failures: failures.length,
    skew,
    evidence: agreeingDiagnoses.at(-1)?.evidence,
    lockedOut,
    passedAfterLastFailure: lastPass !== undefined && lastPass.atMs > (failures.at(-1)?.atMs ?? -Infinity),
    ...(outvoted ? { outvoted } : {}),
    ...(dominant === "no_match"
      ? {
          ruledOut: ruledOutSentences(
            diagnosed.flatMap((d) =>
              d.pattern === "no_match" && !d.evidence.matchesAcceptWindow ? [d.evidence] : [],
            ),
          ),
        }
      : {}),
    enrollmentFailures: failures.filter((a) => a.enrollment).length,
  });
  return {
    fromMs,
    toMs: nowMs,
    attempts: recent.length,
    failures: failures.length,
    passes: recent.length - failures.length,
    lockedOut,
    dominantPattern: dominant,
    agreeing: agreeingDiagnoses.length,
    patternCounts,
    skew,
    confidence,
    suggestedSteps: steps,
    summary,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function estimateSkew(diagnosed: readonly Diagnosis[]): SkewEstimate | null {
  const offsets = diagnosed.flatMap((d) =>
    d.pattern === "clock_skew" && d.evidence.skewSeconds !== undefined ? [d.evidence.skewSeconds] : [],
  );
  if (offsets.length === 0) return null;
  const m = median(offsets);
  return {
    medianSeconds: Math.round(m),
    spreadSeconds: Math.round(median(offsets.map((o) => Math.abs(o - m)))),
    samples: offsets.length,
  };
}

/**
 * Agreeing diagnoses multiply their coincidence probabilities (independent failures): the more
 * agree, the less likely all are chance. Disagreement (under half agree) lowers the confidence.
 */
function combinedConfidence(
  agreeing: readonly Diagnosis[],
  diagnosedCount: number,
  dominant: MismatchPattern | null,
): DiagnosisConfidence {
  if (dominant === null || dominant === "no_match" || agreeing.length === 0) return "low";
  const log10 = agreeing.reduce((sum, d) => sum + Math.log10(Math.max(d.coincidenceProbability, 1e-300)), 0);
  let level = log10 <= -6 ? 2 : log10 <= -3 ? 1 : 0;
  if (agreeing.some((d) => d.confidence === "high") && agreeing.length >= 2) level = Math.max(level, 2);
  if (agreeing.length * 2 < diagnosedCount) level -= 1;
  return level >= 2 ? "high" : level === 1 ? "medium" : "low";
}
