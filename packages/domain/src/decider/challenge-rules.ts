import type { ChallengeFailureReason, DiagnosisPayload, FactorlensEvent } from "../events";
import { LOCKOUT_COUNTED_REASONS } from "../events";
import type { ChallengeMethod } from "../otp/types";
import type { DecisionContext } from "./emit";
import { backoffMs } from "./policy";
import type { FactorState, UserState } from "./state";

export interface Failure {
  method: ChallengeMethod;
  attemptId: string;
  reason: ChallengeFailureReason;
  factorId?: string;
  challengeId?: string;
  diagnosis?: DiagnosisPayload;
}

/**
 * A failed challenge. Wrong and replayed codes count; on reaching the policy's limit a LockedOut
 * follows, with a backoff that grows with each lockout since the last success or unlock.
 * `locked_out` and the other non-guess reasons leave the count and the lock untouched.
 */
export const challengeFailed = (ctx: DecisionContext, state: UserState, f: Failure): FactorlensEvent[] => {
  const counts = LOCKOUT_COUNTED_REASONS.has(f.reason);
  const failures = state.lockout.consecutiveFailures + (counts ? 1 : 0);
  const data = {
    method: f.method,
    attemptId: f.attemptId,
    reason: f.reason,
    consecutiveFailures: failures,
    ...(f.challengeId === undefined ? {} : { challengeId: f.challengeId }),
  };
  const events: FactorlensEvent[] = [ctx.emit("ChallengeFailed", data, f.factorId)];
  if (f.diagnosis !== undefined && f.reason !== "locked_out") {
    events.push(
      ctx.emit("MismatchDiagnosed", { attemptId: f.attemptId, diagnosis: f.diagnosis }, f.factorId),
    );
  }
  if (counts && failures >= ctx.policy.maxConsecutiveFailures) {
    const lockoutNumber = state.lockout.lockoutCount + 1;
    const until = new Date(ctx.now.getTime() + backoffMs(ctx.policy, lockoutNumber)).toISOString();
    events.push(ctx.emit("LockedOut", { until, failures, lockoutNumber }, f.factorId));
  }
  return events;
};

export const checkFailureReason = <R extends "mismatch" | "replayed" | "malformed">(
  reason: R,
): Exclude<R, "mismatch"> | "code_mismatch" =>
  reason === "mismatch" ? "code_mismatch" : (reason as Exclude<R, "mismatch">);

export type SmsVerdict = { ok: true } | { ok: false; reason: "expired" | "replayed"; emitExpired: boolean };

/**
 * Whether the SMS challenge the verifier matched can be accepted now: it must be known, belong to
 * the factor, be the factor's latest challenge, be unexpired and unused.
 */
export const smsVerdict = (
  state: UserState,
  factor: FactorState,
  challengeId: string,
  now: Date,
): SmsVerdict => {
  const mine = state.smsChallenges.filter((c) => c.factorId === factor.factorId);
  const index = mine.findIndex((c) => c.challengeId === challengeId);
  const challenge = mine[index];
  if (challenge === undefined) return { ok: false, reason: "expired", emitExpired: false };
  if (now.getTime() >= Date.parse(challenge.expiresAt)) {
    return { ok: false, reason: "expired", emitExpired: !challenge.consumed };
  }
  if (challenge.consumed) return { ok: false, reason: "replayed", emitExpired: false };
  if (index !== mine.length - 1) return { ok: false, reason: "expired", emitExpired: false }; // superseded
  return { ok: true };
};

export const isInt = (n: number): boolean => Number.isSafeInteger(n);
