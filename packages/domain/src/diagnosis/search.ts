import { hotpProbes } from "./hotp-probes";
import { coincidenceProbability, confidenceFor } from "./probability";
import { DEFAULT_DIAGNOSIS_LIMITS, type Probe } from "./probe";
import type { Diagnosis, Searched } from "./schema";
import { diagnoseSms } from "./sms";
import { totpProbes } from "./totp-probes";
import {
  type DiagnosisInput,
  type HotpDiagnosisInput,
  MISMATCH_PATTERNS,
  type MismatchPattern,
  type TotpDiagnosisInput,
} from "./types";

const PRIORITY = new Map(MISMATCH_PATTERNS.map((p, i) => [p, i]));
const DIGITS_ONLY = /^[0-9]{1,10}$/;

/**
 * A prepared search over one factor at one instant: the candidate codes are computed lazily,
 * once, and reused for every code diagnosed against it (used by the statistical tests and the bench).
 */
export interface DiagnosisSearch {
  diagnose(code: string): Diagnosis;
}

/** A TOTP or HOTP diagnosis input without the code (the search is prepared before any code is seen). */
export type PreparedDiagnosisInput = Omit<TotpDiagnosisInput, "code"> | Omit<HotpDiagnosisInput, "code">;

export function prepareDiagnosis(input: PreparedDiagnosisInput): DiagnosisSearch {
  const limits = { ...DEFAULT_DIAGNOSIS_LIMITS, ...input.limits };
  const probes =
    input.method === "totp"
      ? totpProbes({ ...input, code: "" } as TotpDiagnosisInput, limits)
      : hotpProbes({ ...input, code: "" } as HotpDiagnosisInput, limits);
  // Fewest candidates first: the first match is the least coincidental one; ties by pattern order.
  probes.sort(
    (a, b) => a.candidates - b.candidates || (PRIORITY.get(a.pattern) ?? 0) - (PRIORITY.get(b.pattern) ?? 0),
  );
  const bounds: Searched =
    input.method === "totp"
      ? {
          digits: input.params.digits,
          skewSeconds: limits.maxSkewSeconds,
          skewSteps: Math.floor(limits.maxSkewSeconds / input.params.period),
          timezoneHours: limits.maxTimezoneHours,
          driftSeconds: input.policy.driftSteps * input.params.period,
        }
      : { digits: input.params.digits, hotpAhead: limits.hotpAheadMax, hotpBack: limits.hotpReplayBack };
  return { diagnose: (code) => runSearch(probes, code, limits.maxCoincidenceProbability, bounds) };
}

/** Explains a failed code. Never accepts: the result is an explanation, not a verdict. */
export function diagnoseMismatch(input: DiagnosisInput): Diagnosis {
  if (input.method === "sms") return diagnoseSms(input);
  return prepareDiagnosis(input).diagnose(input.code);
}

function runSearch(probes: Probe[], code: string, maxProbability: number, bounds: Searched): Diagnosis {
  if (!DIGITS_ONLY.test(code)) {
    return {
      pattern: "no_match",
      confidence: "low",
      evidence: { codeLength: code.length, searched: { ...bounds, ruledOut: [] } },
      coincidenceProbability: 0,
      candidatesTried: 0,
    };
  }
  const digits = code.length;
  const value = Number(code);
  let tried = 0;
  const ruledOut = new Set<MismatchPattern>();
  for (const probe of probes) {
    if (probe.digits !== digits || probe.candidates === 0) continue;
    const p = coincidenceProbability(probe.candidates, digits);
    if (p > maxProbability) break;
    tried += probe.candidates;
    const evidence = probe.match(code, value);
    if (evidence && probe.pattern === "no_match") {
      // Valid for the accept window: the failure had another cause (lockout, rate limit, ...).
      const all = coincidenceProbability(tried, digits);
      return {
        pattern: "no_match",
        confidence: "low",
        evidence,
        coincidenceProbability: all,
        candidatesTried: tried,
      };
    }
    if (evidence) {
      return {
        pattern: probe.pattern,
        confidence: confidenceFor(p),
        evidence,
        coincidenceProbability: p,
        candidatesTried: probe.candidates,
      };
    }
    if (probe.pattern !== "no_match") ruledOut.add(probe.pattern);
  }
  // In the patterns' order, so every no-match reads the same way.
  const ruled = MISMATCH_PATTERNS.filter((p) => ruledOut.has(p));
  return {
    pattern: "no_match",
    confidence: "low",
    evidence: { codeLength: digits, searched: { ...bounds, ruledOut: ruled } },
    coincidenceProbability: coincidenceProbability(tried, digits),
    candidatesTried: tried,
  };
}
