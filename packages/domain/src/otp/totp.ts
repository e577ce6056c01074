import { DomainError } from "../events/domain-error";
import { codeValue, codeValuesEqual, isWellFormedCode } from "./code-compare";
import { assertSecret, codeNumber, formatCode } from "./hmac";
import { assertTotpParams, assertTotpPolicy } from "./params";
import type { TotpCheck, TotpParams, TotpPeriod, TotpPolicy } from "./types";

export const DEFAULT_TOTP_POLICY: TotpPolicy = { window: 1, driftSteps: 0, lastAcceptedStep: null };

/** RFC 6238 time step T = floor((now − T0) / X) with T0 = 0. */
export function totpStep(nowMs: number, period: TotpPeriod): number {
  if (!Number.isFinite(nowMs) || nowMs < 0)
    throw new DomainError("invalid_params", "time must be non-negative");
  return Math.floor(nowMs / 1000 / period);
}

/** The TOTP code of `step` (RFC 6238: HOTP with the step as counter). */
export function totpCode(secret: Uint8Array, params: TotpParams, step: number): string {
  assertSecret(secret);
  assertTotpParams(params);
  return formatCode(codeNumber(secret, params.algorithm, params.digits, step), params.digits);
}

/**
 * The hot-path TOTP check. Accepts only a step in [now + drift − window, now + drift + window]
 * that is strictly above `lastAcceptedStep`. Every step of the window is computed and compared
 * in constant time, whether or not an earlier one matched.
 */
export function checkTotp(
  secret: Uint8Array,
  params: TotpParams,
  policy: TotpPolicy,
  code: string,
  nowMs: number,
): TotpCheck {
  assertSecret(secret);
  assertTotpParams(params);
  assertTotpPolicy(policy);
  if (!isWellFormedCode(code, params.digits)) return { ok: false, reason: "malformed" };
  const current = totpStep(nowMs, params.period);
  const centre = current + policy.driftSteps;
  const last = policy.lastAcceptedStep;
  const submitted = codeValue(code);
  let accepted = -1;
  let replayed = -1;
  for (let step = centre - policy.window; step <= centre + policy.window; step++) {
    if (step < 0) continue;
    if (!codeValuesEqual(submitted, codeNumber(secret, params.algorithm, params.digits, step))) continue;
    if (last !== null && step <= last) replayed = step;
    else if (accepted < 0) accepted = step;
  }
  if (accepted >= 0) return { ok: true, step: accepted, offset: accepted - current };
  return replayed >= 0
    ? { ok: false, reason: "replayed", step: replayed }
    : { ok: false, reason: "mismatch" };
}
