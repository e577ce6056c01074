import { createCodeGenerator, generateCodes } from "../otp/code-generator";
import { secretFingerprint } from "../otp/secret";
import type { HotpParams } from "../otp/types";
import type { DiagnosisEvidence } from "./schema";
import type { DiagnosisLimits, MismatchPattern, RetiredSecret } from "./types";

export const DEFAULT_DIAGNOSIS_LIMITS: DiagnosisLimits = {
  maxSkewSeconds: 900,
  maxTimezoneHours: 14,
  timezoneSlackSeconds: 120,
  counterModeMax: 100,
  hotpAheadMax: 1000,
  hotpReplayBack: 10,
  retiredSecretRetentionMs: 30 * 24 * 3600 * 1000,
  maxCoincidenceProbability: 0.01,
};

/**
 * One explanation's bounded candidate set. `candidates` is known before any HMAC is computed
 * (it sets the coincidence probability); `match` computes the candidate codes on first use only.
 * Matching is by integer comparison: the diagnosis never accepts, so constant time is not needed.
 */
export interface Probe {
  pattern: MismatchPattern;
  /** Length of the codes this probe produces; a code of another length cannot match. */
  digits: number;
  candidates: number;
  match: (code: string, value: number) => DiagnosisEvidence | null;
}

/** A probe over (secret, params, counter) candidates; `evidenceOf(i)` explains the i-th counter. */
export function counterProbe(
  pattern: MismatchPattern,
  secret: Uint8Array,
  params: HotpParams,
  counters: readonly number[],
  evidenceOf: (index: number) => DiagnosisEvidence,
): Probe {
  let codes: Int32Array | null = null;
  return {
    pattern,
    digits: params.digits,
    candidates: counters.length,
    match: (_code, value) => {
      if (codes === null) {
        codes = generateCodes(secret, params, counters);
      }
      const index = codes.indexOf(value);
      return index < 0 ? null : evidenceOf(index);
    },
  };
}

/** Inclusive integer range, clipped at 0 (counters and steps are non-negative). */
export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i <= to; i++) out.push(i);
  return out;
}

/** A probe whose candidate codes are built once, on first use, by `build` (index-aligned evidence). */
export function tableProbe(
  pattern: MismatchPattern,
  digits: number,
  candidates: number,
  build: () => { codes: number[]; evidenceOf: (index: number) => DiagnosisEvidence },
): Probe {
  let table: { codes: Int32Array; evidenceOf: (index: number) => DiagnosisEvidence } | null = null;
  return {
    pattern,
    digits,
    candidates,
    match: (_code, value) => {
      if (table === null) {
        const built = build();
        table = { codes: Int32Array.from(built.codes), evidenceOf: built.evidenceOf };
      }
      const index = table.codes.indexOf(value);
      return index < 0 ? null : table.evidenceOf(index);
    },
  };
}

/** One retired secret to try: its parameters, the counters (TOTP steps or HOTP counters) and their evidence. */
export interface StaleSecretPlan {
  retired: RetiredSecret;
  params: HotpParams;
  counters: readonly number[];
  evidenceOf: (counter: number) => DiagnosisEvidence;
}

/** stale_secret, for TOTP and HOTP: each retired secret's codes, with which secret and how long ago. */
export function staleSecretProbe(digits: number, nowMs: number, plans: readonly StaleSecretPlan[]): Probe {
  const size = plans.reduce((n, x) => n + x.counters.length, 0);
  return tableProbe("stale_secret", digits, size, () => {
    const codes: number[] = [];
    const evidence: DiagnosisEvidence[] = [];
    for (const { retired: r, params, counters, evidenceOf } of plans) {
      const generate = createCodeGenerator(r.secret, params);
      const common: DiagnosisEvidence = {
        matchedSecret: "retired",
        secretFingerprint: secretFingerprint(r.secret),
        retiredSecondsAgo: Math.max(0, Math.round((nowMs - r.retiredAtMs) / 1000)),
      };
      for (const c of counters) {
        codes.push(generate(c));
        evidence.push({ ...common, ...evidenceOf(c) });
      }
    }
    return { codes, evidenceOf: (i) => evidence[i] ?? {} };
  });
}
