import type { HotpParams, HotpPolicy, TotpParams, TotpPolicy } from "../otp/types";

/**
 * The closed set of mismatch patterns a failed code can be explained by. Shared by the
 * diagnosis (one failure), the pattern function (many failures), the events and the read models.
 */
export const MISMATCH_PATTERNS = [
  "clock_skew",
  "timezone_offset",
  "replayed_code",
  "stale_secret",
  "digit_typo",
  "counter_mode",
  "wrong_parameters",
  "secret_entry_typo",
  "hotp_counter_ahead",
  "sms_stale_code",
  "sms_expired_code",
  "sms_not_delivered",
  "no_match",
] as const;
export type MismatchPattern = (typeof MISMATCH_PATTERNS)[number];

export type DiagnosisConfidence = "high" | "medium" | "low";
export const DIAGNOSIS_CONFIDENCES = ["high", "medium", "low"] as const;

/** Delivery state of an SMS challenge as far as the provider's receipts tell. */
export const SMS_DELIVERY_STATES = ["pending", "sent", "delivered", "failed", "unknown"] as const;
export type SmsDeliveryState = (typeof SMS_DELIVERY_STATES)[number];

/**
 * An SMS challenge as the diagnosis sees it: the code itself is never passed, only a predicate
 * (e.g. a constant-time comparison against a stored hash) that tells whether a code matches it.
 */
export interface SmsChallengeView {
  challengeId: string;
  sentAtMs: number;
  expiresAtMs: number;
  deliveryState: SmsDeliveryState;
  /** When the delivery receipt was recorded (absent: none, or not delivered). */
  deliveredAtMs?: number;
  matches: (code: string) => boolean;
}

/** Bounds of the candidate space. Every field has a default (see DEFAULT_DIAGNOSIS_LIMITS). */
export interface DiagnosisLimits {
  /** Continuous clock skew searched either side of server time, in seconds. Default 900 (15 min). */
  maxSkewSeconds: number;
  /** Whole/half-hour offsets (and the 45-minute zones) searched up to this many hours either side. Default 14. */
  maxTimezoneHours: number;
  /** Slack around each searched offset, in seconds. Default 120. */
  timezoneSlackSeconds: number;
  /** Counter-mode search: counters 0..N. Default 100. */
  counterModeMax: number;
  /** HOTP counters searched beyond the look-ahead. Default 1000. */
  hotpAheadMax: number;
  /** HOTP counters already used that are checked for a replay. Default 10. */
  hotpReplayBack: number;
  /** Retired secrets older than this are not searched. Default 30 days. */
  retiredSecretRetentionMs: number;
  /** A best match whose coincidence probability is above this is reported as no_match. Default 0.01. */
  maxCoincidenceProbability: number;
}

/** A retired secret of the factor (kept encrypted for a bounded retention for this purpose only). */
export interface RetiredSecret {
  secret: Uint8Array;
  retiredAtMs: number;
  /** Parameters of the retired enrollment when they differed from the current ones. */
  params?: TotpParams;
}

interface OtpDiagnosisBase {
  /** The failed code, as typed. */
  code: string;
  nowMs: number;
  /** The factor's current secret. */
  secret: Uint8Array;
  retiredSecrets?: readonly RetiredSecret[];
  /** True when the failure is the enrollment confirmation (enables the secret-entry-typo search). */
  enrollmentConfirmation?: boolean;
  limits?: Partial<DiagnosisLimits>;
}

export interface TotpDiagnosisInput extends OtpDiagnosisBase {
  method: "totp";
  params: TotpParams;
  policy: TotpPolicy;
  /** Recently accepted steps of this factor (the policy's lastAcceptedStep is always included). */
  acceptedSteps?: readonly number[];
}

export interface HotpDiagnosisInput extends OtpDiagnosisBase {
  method: "hotp";
  params: HotpParams;
  policy: HotpPolicy;
}

export interface SmsDiagnosisInput {
  method: "sms";
  code: string;
  nowMs: number;
  /** The user's SMS challenges of the login attempt / recent past; the latest sent is "current". */
  challenges: readonly SmsChallengeView[];
}

export type DiagnosisInput = TotpDiagnosisInput | HotpDiagnosisInput | SmsDiagnosisInput;
