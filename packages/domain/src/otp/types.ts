/**
 * Shared OTP vocabulary. The OTP engine (otp/), the diagnosis (diagnosis/) and the decider
 * (decider/) all speak these types. Secrets are raw bytes (Uint8Array), never strings in events.
 */
export type OtpAlgorithm = "SHA1" | "SHA256" | "SHA512";
export type OtpDigits = 6 | 8;
export type TotpPeriod = 30 | 60;

export interface TotpParams {
  algorithm: OtpAlgorithm;
  digits: OtpDigits;
  period: TotpPeriod;
}

export interface HotpParams {
  algorithm: OtpAlgorithm;
  digits: OtpDigits;
}

export const DEFAULT_TOTP_PARAMS: TotpParams = { algorithm: "SHA1", digits: 6, period: 30 };
export const DEFAULT_HOTP_PARAMS: HotpParams = { algorithm: "SHA1", digits: 6 };

/** Verification policy for TOTP: window in steps around the factor's learned drift. */
export interface TotpPolicy {
  /** Steps accepted either side of (now + drift). Default 1. */
  window: number;
  /** Learned drift of the user's device, in whole steps (device time − server time). */
  driftSteps: number;
  /** Highest step already accepted for this factor (replay protection); null if none. */
  lastAcceptedStep: number | null;
}

/** Result of a TOTP check on the hot path. */
export type TotpCheck =
  | { ok: true; step: number /** matched step − current step */; offset: number }
  /** `replayed`: the code is that of `step`, at or below the last accepted step. */
  | { ok: false; reason: "replayed"; step?: number }
  | { ok: false; reason: "mismatch" | "malformed" };

/** Verification policy for HOTP. */
export interface HotpPolicy {
  /** Next counter the server expects. */
  counter: number;
  /** How many counters ahead of `counter` are accepted. Default 10. */
  lookAhead: number;
}

export type HotpCheck =
  | { ok: true /** the counter that matched */; matchedCounter: number; nextCounter: number }
  | { ok: false; reason: "mismatch" | "malformed" };

export type FactorMethod = "totp" | "hotp" | "sms";
export type ChallengeMethod = FactorMethod | "recovery";
