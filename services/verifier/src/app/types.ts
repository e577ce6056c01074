/**
 * What the HTTP layer asks of the application service. Inputs are already parsed; outcomes are
 * coarse by design (a login client never learns more than accepted / rejected and why, coarsely).
 */
import type { Actor, OtpAlgorithm } from "@factorlens/domain";

/** The coarse reasons a login client is told (the HTTP schema's enum is built from this list). */
export const VERIFY_REASONS = ["invalid_code", "locked", "no_active_factor", "rate_limited"] as const;
export type VerifyReason = (typeof VERIFY_REASONS)[number];

/** A factor to enroll, as parsed (defaults applied) from the request. */
export type EnrollInput =
  | { method: "totp"; algorithm: OtpAlgorithm; digits: 6 | 8; period: 30 | 60; accountName?: string }
  | { method: "hotp"; secret: string; algorithm: OtpAlgorithm; digits: 6 | 8; counter: number }
  | { method: "sms"; phone: string };

export interface CallContext {
  actor: Actor;
  ip?: string;
  userAgent?: string;
  deviceId?: string;
  loginAttemptId?: string;
  correlationId: string;
}

export interface VerifyInput {
  userId: string;
  code: string;
  method?: "totp" | "hotp" | "sms" | "recovery";
  factorId?: string;
  attemptId: string;
  ctx: CallContext;
}

export type VerifyOutcome =
  | { accepted: true; attemptId: string; method: "totp" | "hotp" | "sms" | "recovery" }
  | {
      accepted: false;
      attemptId: string;
      method?: "totp" | "hotp" | "sms" | "recovery";
      reason: VerifyReason;
      retryAfterSeconds?: number;
    };

export interface EnrollOutcome {
  factorId: string;
  method: "totp" | "hotp" | "sms";
  status: "pending";
  secret?: string;
  otpauthUri?: string;
  qrSvg?: string;
  challengeId?: string;
  maskedPhone?: string;
}

export interface ConfirmOutcome {
  factorId: string;
  confirmed: boolean;
  reason?: "invalid_code" | "locked";
  retryAfterSeconds?: number;
}

export interface SmsChallengeOutcome {
  challengeId: string;
  attemptId: string;
  factorId: string;
  maskedPhone: string;
  expiresAt: string;
}

export interface VerifierApp {
  verify(input: VerifyInput): Promise<VerifyOutcome>;
  /** Records one ChallengeFailed(rate_limited) for the user (called once per window, not per request). */
  recordRateLimited(userId: string, attemptId: string, ctx: CallContext): Promise<void>;
  enroll(userId: string, request: EnrollInput, ctx: CallContext): Promise<EnrollOutcome>;
  confirm(
    userId: string,
    factorId: string,
    code: string,
    attemptId: string,
    ctx: CallContext,
  ): Promise<ConfirmOutcome>;
  resyncHotp(
    userId: string,
    factorId: string,
    code1: string,
    code2: string,
    ctx: CallContext,
  ): Promise<boolean>;
  disable(userId: string, factorId: string, reason: string, ctx: CallContext): Promise<void>;
  issueRecoveryCodes(userId: string, ctx: CallContext): Promise<{ batchId: string; codes: string[] }>;
  sendSmsChallenge(
    userId: string,
    factorId: string | undefined,
    attemptId: string,
    ctx: CallContext,
  ): Promise<SmsChallengeOutcome>;
  /** False when the message id is unknown (an old or foreign receipt). */
  recordSmsReceipt(receipt: {
    messageId: string;
    status: "delivered" | "failed";
    errorCode?: string;
    carrierErrorCode?: string;
  }): Promise<boolean>;
  /** Resolves when the event store and the verifier database answer. */
  ready(): Promise<void>;
  /** Settles the background diagnosis queue (tests, shutdown). */
  drain(): Promise<void>;
}
