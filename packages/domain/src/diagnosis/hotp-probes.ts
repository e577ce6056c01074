import { createCodeGenerator } from "../otp/code-generator";
import { secretFingerprint } from "../otp/secret";
import type { HotpParams, OtpAlgorithm, OtpDigits } from "../otp/types";
import { counterProbe, type Probe, range } from "./probe";
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
    probes.push({
      pattern: "wrong_parameters",
      digits,
      candidates: alts.length * lookAhead.length,
      match: (_code, value) => {
        for (const alt of alts) {
          const generate = createCodeGenerator(secret, alt);
          for (const c of lookAhead) {
            if (generate(c) !== value) continue;
            const altParams: { algorithm?: OtpAlgorithm; digits?: OtpDigits } = {};
            if (alt.algorithm !== params.algorithm) altParams.algorithm = alt.algorithm;
            if (alt.digits !== params.digits) altParams.digits = alt.digits;
            return { altParams, counter: c, offsetSteps: c - expected };
          }
        }
        return null;
      },
    });
  }

  const retired = (input.retiredSecrets ?? []).filter(
    (r) => nowMs - r.retiredAtMs <= limits.retiredSecretRetentionMs,
  );
  const staleCounters = range(expected - policy.lookAhead, expected + policy.lookAhead);
  probes.push({
    pattern: "stale_secret",
    digits: params.digits,
    candidates: retired.length * staleCounters.length,
    match: (_code, value) => {
      for (const r of retired) {
        const generate = createCodeGenerator(r.secret, params);
        for (const c of staleCounters) {
          if (generate(c) !== value) continue;
          return {
            matchedSecret: "retired",
            secretFingerprint: secretFingerprint(r.secret),
            retiredSecondsAgo: Math.max(0, Math.round((nowMs - r.retiredAtMs) / 1000)),
            counter: c,
          };
        }
      }
      return null;
    },
  });

  probes.push(digitTypoProbe(secret, params.digits, params, lookAhead, expected));

  if (input.enrollmentConfirmation) {
    const counters = range(expected, expected + 2);
    probes.push(
      secretTypoProbe(secret, params, counters, (c) => ({ counter: c, offsetSteps: c - expected })),
    );
  }
  return probes;
}
