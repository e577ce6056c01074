import { createCodeGenerator } from "../otp/code-generator";
import { totpStep } from "../otp/totp";
import type { OtpAlgorithm, OtpDigits, TotpParams, TotpPeriod } from "../otp/types";
import { lengthSlipProbes, typoNeighbourhoodSize, typoOf } from "./digit-typo";
import { counterProbe, type Probe, range, staleSecretProbe, tableProbe } from "./probe";
import type { DiagnosisEvidence } from "./schema";
import { secretTypoProbe } from "./secret-typo";
import type { DiagnosisLimits, TotpDiagnosisInput } from "./types";

const ALGORITHMS: OtpAlgorithm[] = ["SHA1", "SHA256", "SHA512"];
const DIGITS: OtpDigits[] = [6, 8];
const PERIODS: TotpPeriod[] = [30, 60];

/** Signed device − server seconds if the device showed `step` at server time `nowMs` (mid-step). */
function skewOf(step: number, period: number, nowMs: number): number {
  return Math.round((step + 0.5) * period - nowMs / 1000);
}

/** Steps a device whose clock is off by [lo, hi] seconds could be showing now. */
function stepsForOffsets(nowMs: number, period: number, lo: number, hi: number): number[] {
  const seconds = nowMs / 1000;
  return range(Math.floor((seconds + lo) / period), Math.floor((seconds + hi) / period));
}

/** The probes of a TOTP failure, in no particular order (the search sorts them). */
export function totpProbes(input: TotpDiagnosisInput, limits: DiagnosisLimits): Probe[] {
  const { secret, params, policy, nowMs } = input;
  const { period } = params;
  const current = totpStep(nowMs, period);
  const centre = current + policy.driftSteps;
  const window = range(centre - policy.window, centre + policy.window);
  const last = policy.lastAcceptedStep;
  const skew = (step: number): DiagnosisEvidence => ({
    offsetSteps: step - current,
    skewSeconds: skewOf(step, period, nowMs),
  });
  const fresh = window.filter((s) => last === null || s > last);
  const probes: Probe[] = [
    counterProbe("no_match", secret, params, fresh, (i) => ({
      ...skew(fresh[i] ?? 0),
      matchesAcceptWindow: true,
    })),
  ];

  // Replayed: a step already accepted (or blocked by replay protection inside the window).
  const skewSteps = stepsForOffsets(nowMs, period, -limits.maxSkewSeconds, limits.maxSkewSeconds);
  const replaySet = new Set<number>(window.filter((s) => last !== null && s <= last));
  for (const s of [...(input.acceptedSteps ?? []), ...(last === null ? [] : [last])]) {
    if (Math.abs(s - current) * period <= limits.maxSkewSeconds + period) replaySet.add(s);
  }
  const replaySteps = [...replaySet];
  probes.push(counterProbe("replayed_code", secret, params, replaySteps, (i) => skew(replaySteps[i] ?? 0)));

  // Clock skew: every step within ±maxSkew, except the accept window and the replayed steps.
  const excluded = new Set([...window, ...replaySteps]);
  const skewOnly = skewSteps.filter((s) => !excluded.has(s));
  probes.push(counterProbe("clock_skew", secret, params, skewOnly, (i) => skew(skewOnly[i] ?? 0)));

  // Timezone / manual clock: the device shows the right local time under the wrong zone (often
  // left on UTC), so the error is a zone's UTC offset or the difference of two: whole and half
  // hours up to ±maxTimezoneHours, and the 45-minute zones against UTC (+5:45 Nepal, +8:45 Eucla,
  // +12:45/+13:45 Chatham), each ± slack. Every quarter hour would double the candidates, and the
  // diagnosis time, for rare differences such as Nepal against UTC+8.
  const tzSteps: number[] = [];
  const tzMinutes: number[] = [];
  for (const minutes of timezoneOffsetsMinutes(limits.maxTimezoneHours)) {
    const offset = minutes * 60;
    for (const s of stepsForOffsets(
      nowMs,
      period,
      offset - limits.timezoneSlackSeconds,
      offset + limits.timezoneSlackSeconds,
    )) {
      tzSteps.push(s);
      tzMinutes.push(minutes);
    }
  }
  probes.push(
    counterProbe("timezone_offset", secret, params, tzSteps, (i) => ({
      ...skew(tzSteps[i] ?? 0),
      timezoneOffsetMinutes: tzMinutes[i] ?? 0,
    })),
  );

  // Counter mode: the app was set to counter-based and shows HOTP(secret, 0..N).
  const counters = range(0, limits.counterModeMax);
  probes.push(counterProbe("counter_mode", secret, params, counters, (i) => ({ counter: counters[i] ?? 0 })));

  // Wrong parameters: the same secret with another algorithm, digit count or period.
  for (const digits of DIGITS) {
    const alts: { alt: TotpParams; steps: number[] }[] = [];
    for (const algorithm of ALGORITHMS) {
      for (const altPeriod of PERIODS) {
        if (algorithm === params.algorithm && digits === params.digits && altPeriod === period) continue;
        const altCentre = totpStep(nowMs + policy.driftSteps * period * 1000, altPeriod);
        alts.push({
          alt: { algorithm, digits, period: altPeriod },
          steps: range(altCentre - 1, altCentre + 1),
        });
      }
    }
    probes.push(wrongParamsProbe(secret, params, digits, alts, nowMs));
  }

  // Stale secret: a retired secret within retention, over the accept window.
  const retired = (input.retiredSecrets ?? []).filter(
    (r) => nowMs - r.retiredAtMs <= limits.retiredSecretRetentionMs,
  );
  probes.push(totpStaleSecretProbe(retired, params, nowMs, policy.driftSteps, Math.max(1, policy.window)));

  // Digit typo: one digit wrong or two adjacent swapped vs a code of the accept window.
  probes.push(digitTypoProbe(secret, params.digits, params, window, current));
  probes.push(...lengthSlipProbes(secret, params, window, current));

  // Secret entry typo: the current step and the previous one (≈ 1,090 keys, two codes each): a
  // step boundary often passes between reading the first code and the server's check. The next
  // step (a phone clock ahead and a mistyped key) is a double fault, left as no_match.
  if (input.enrollmentConfirmation) {
    const steps = [centre - 1, centre];
    probes.push(secretTypoProbe(secret, params, steps, (s) => ({ offsetSteps: s - current })));
  }
  return probes;
}

function wrongParamsProbe(
  secret: Uint8Array,
  params: TotpParams,
  digits: OtpDigits,
  alts: { alt: TotpParams; steps: number[] }[],
  nowMs: number,
): Probe {
  const size = alts.reduce((n, a) => n + a.steps.length, 0);
  return tableProbe("wrong_parameters", digits, size, () => {
    const codes: number[] = [];
    const evidence: DiagnosisEvidence[] = [];
    for (const { alt, steps } of alts) {
      const generate = createCodeGenerator(secret, alt);
      const altParams: NonNullable<DiagnosisEvidence["altParams"]> = {};
      if (alt.algorithm !== params.algorithm) altParams.algorithm = alt.algorithm;
      if (alt.digits !== params.digits) altParams.digits = alt.digits;
      if (alt.period !== params.period) altParams.period = alt.period;
      for (const s of steps) {
        codes.push(generate(s));
        evidence.push({ altParams, skewSeconds: skewOf(s, alt.period, nowMs) });
      }
    }
    return { codes, evidenceOf: (i) => evidence[i] ?? {} };
  });
}

function totpStaleSecretProbe(
  retired: NonNullable<TotpDiagnosisInput["retiredSecrets"]>,
  params: TotpParams,
  nowMs: number,
  driftSteps: number,
  window: number,
): Probe {
  const plans = retired
    .map((r) => {
      const p = r.params ?? params;
      const current = totpStep(nowMs, p.period);
      const centre = current + driftSteps;
      return {
        retired: r,
        params: p,
        counters: range(centre - window, centre + window),
        evidenceOf: (s: number): DiagnosisEvidence => ({ offsetSteps: s - current }),
      };
    })
    .filter((x) => x.params.digits === params.digits);
  return staleSecretProbe(params.digits, nowMs, plans);
}

/** Shared by TOTP (window steps) and HOTP (look-ahead counters). `base` is the offset origin. */
export function digitTypoProbe(
  secret: Uint8Array,
  digits: OtpDigits,
  params: { algorithm: OtpAlgorithm; digits: OtpDigits },
  counters: readonly number[],
  base: number,
): Probe {
  let valid: string[] | null = null;
  return {
    pattern: "digit_typo",
    digits,
    candidates: counters.length * typoNeighbourhoodSize(digits),
    match: (code) => {
      if (valid === null) {
        const generate = createCodeGenerator(secret, params);
        valid = counters.map((c) => generate(c).toString().padStart(digits, "0"));
      }
      for (let i = 0; i < valid.length; i++) {
        const typo = typoOf(code, valid[i] ?? "");
        if (typo) return { ...typo, offsetSteps: (counters[i] ?? 0) - base };
      }
      return null;
    },
  };
}

const FORTY_FIVE_MINUTE_ZONES = [345, 525, 765, 825];

/** Candidate clock errors in minutes: ±30 min … ±maxHours by half hours, and ± the 45-minute zones. */
export function timezoneOffsetsMinutes(maxHours: number): number[] {
  const out: number[] = [];
  for (let m = 30; m <= maxHours * 60; m += 30) out.push(m, -m);
  for (const m of FORTY_FIVE_MINUTE_ZONES) if (m <= maxHours * 60) out.push(m, -m);
  return out.sort((a, b) => a - b);
}
