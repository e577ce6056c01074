import { createCodeGenerator } from "../otp/code-generator";
import type { HotpParams, OtpAlgorithm, OtpDigits } from "../otp/types";
import { lengthSlipProbes } from "./digit-typo";
import { counterProbe, type Probe, range, staleSecretProbe, tableProbe } from "./probe";
import type { DiagnosisEvidence } from "./schema";
import { secretTypoProbe } from "./secret-typo";
import { digitTypoProbe } from "./totp-probes";
import type { DiagnosisLimits, HotpDiagnosisInput } from "./types";

const ALGORITHMS: OtpAlgorithm[] = ["SHA1", "SHA256", "SHA512"];
const DIGITS: OtpDigits[] = [6, 8];

/** The probes of a HOTP failure, in no particular order (the search sorts them). */
export function hotpProbes(input: HotpDiagnosisInput, limits: DiagnosisLimits): Probe[] {
  const { secret, params, policy, nowMs } = input;
  const expected = policy.counter;
  const lookAhead = range(expected, expected + policy.lookAhead);
  const at = (counters: readonly number[]) => (i: number) => {
    const c = counters[i] ?? 0;
    return { counter: c, offsetSteps: c - expected };
  };
  const probes: Probe[] = [
    counterProbe("no_match", secret, params, lookAhead, (i) => ({
      ...at(lookAhead)(i),
      matchesAcceptWindow: true,
    })),
  ];

  const used = range(expected - limits.hotpReplayBack, expected - 1);
  probes.push(counterProbe("replayed_code", secret, params, used, at(used)));

  const ahead = range(expected + policy.lookAhead + 1, expected + policy.lookAhead + limits.hotpAheadMax);
  probes.push(counterProbe("hotp_counter_ahead", secret, params, ahead, at(ahead)));

  for (const digits of DIGITS) {
    const alts: HotpParams[] = ALGORITHMS.map((algorithm) => ({ algorithm, digits })).filter(
      (p) => p.algorithm !== params.algorithm || p.digits !== params.digits,
    );
    probes.push(
      tableProbe("wrong_parameters", digits, alts.length * lookAhead.length, () => {
        const codes: number[] = [];
        const evidence: DiagnosisEvidence[] = [];
        for (const alt of alts) {
          const generate = createCodeGenerator(secret, alt);
          const altParams: { algorithm?: OtpAlgorithm; digits?: OtpDigits } = {};
          if (alt.algorithm !== params.algorithm) altParams.algorithm = alt.algorithm;
          if (alt.digits !== params.digits) altParams.digits = alt.digits;
          for (const c of lookAhead) {
            codes.push(generate(c));
            evidence.push({ altParams, counter: c, offsetSteps: c - expected });
          }
        }
        return { codes, evidenceOf: (i) => evidence[i] ?? {} };
      }),
    );
  }

  const retired = (input.retiredSecrets ?? []).filter(
    (r) => nowMs - r.retiredAtMs <= limits.retiredSecretRetentionMs,
  );
  const staleCounters = range(expected - policy.lookAhead, expected + policy.lookAhead);
  probes.push(
    staleSecretProbe(
      params.digits,
      nowMs,
      retired.map((r) => ({
        retired: r,
        params,
        counters: staleCounters,
        evidenceOf: (c) => ({ counter: c }),
      })),
    ),
  );

  probes.push(digitTypoProbe(secret, params.digits, params, lookAhead, expected));
  probes.push(...lengthSlipProbes(secret, params, lookAhead, expected));

  if (input.enrollmentConfirmation) {
    const counters = range(expected, expected + 2);
    probes.push(
      secretTypoProbe(secret, params, counters, (c) => ({ counter: c, offsetSteps: c - expected })),
    );
  }
  return probes;
}
