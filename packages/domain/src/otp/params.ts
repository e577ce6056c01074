import { DomainError } from "../events/domain-error";
import type { HotpParams, HotpPolicy, TotpParams, TotpPolicy } from "./types";

const ALGORITHMS = new Set(["SHA1", "SHA256", "SHA512"]);
/** Upper bounds that keep a single check cheap and its acceptance probability small. */
export const MAX_TOTP_WINDOW = 10;
export const MAX_HOTP_LOOK_AHEAD = 100;

export function assertHotpParams(params: HotpParams): void {
  if (!ALGORITHMS.has(params.algorithm) || (params.digits !== 6 && params.digits !== 8)) {
    throw new DomainError("invalid_params", "unsupported algorithm or digits");
  }
}

export function assertTotpParams(params: TotpParams): void {
  assertHotpParams(params);
  if (params.period !== 30 && params.period !== 60)
    throw new DomainError("invalid_params", "unsupported period");
}

export function assertTotpPolicy(policy: TotpPolicy): void {
  const { window, driftSteps, lastAcceptedStep } = policy;
  if (!Number.isInteger(window) || window < 0 || window > MAX_TOTP_WINDOW) {
    throw new DomainError("invalid_params", `window must be an integer in 0..${MAX_TOTP_WINDOW}`);
  }
  if (!Number.isSafeInteger(driftSteps))
    throw new DomainError("invalid_params", "driftSteps must be an integer");
  if (lastAcceptedStep !== null && !Number.isSafeInteger(lastAcceptedStep)) {
    throw new DomainError("invalid_params", "lastAcceptedStep must be an integer or null");
  }
}

export function assertHotpPolicy(policy: HotpPolicy): void {
  if (!Number.isSafeInteger(policy.counter) || policy.counter < 0) {
    throw new DomainError("invalid_counter", "counter must be a non-negative safe integer");
  }
  if (!Number.isInteger(policy.lookAhead) || policy.lookAhead < 0 || policy.lookAhead > MAX_HOTP_LOOK_AHEAD) {
    throw new DomainError("invalid_params", `lookAhead must be an integer in 0..${MAX_HOTP_LOOK_AHEAD}`);
  }
}
