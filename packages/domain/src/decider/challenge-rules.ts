import type { ChallengeFailureReason, DiagnosisPayload, FactorlensEvent } from "../events";
import { LOCKOUT_COUNTED_REASONS } from "../events";
import type { ChallengeMethod } from "../otp/types";
import type { DecisionContext } from "./emit";
import { backoffMs } from "./policy";
import { type FactorState, findFactor, type UserState } from "./state";

export interface Failure {
  method: ChallengeMethod;
  attemptId: string;
  reason: ChallengeFailureReason;
  factorId?: string;
  challengeId?: string;
  diagnosis?: DiagnosisPayload;
  /** A resubmission of the code the factor just accepted: refused as replayed, not counted. */
  resubmission?: boolean;
}

/** The factor's counted failures within the policy's rolling window, this one included. */
const failuresInWindow = (ctx: DecisionContext, factor: FactorState): number => {
  const since = ctx.now.getTime() - ctx.policy.factorBudgetDays * 86_400_000;
  return factor.recentFailures.filter((t) => t > since).length + 1;
};

/** The guessing budget: the account's cap on failures without a success, then the factor's rolling budget. */
const budgetEvents = (ctx: DecisionContext, state: UserState, f: Failure): FactorlensEvent[] => {
  const sinceSuccess = state.lockout.failuresSinceSuccess + 1;
  if (sinceSuccess >= ctx.policy.maxFailuresWithoutSuccess) {
    return [ctx.emit("GuessBudgetExhausted", { scope: "account", failures: sinceSuccess }, f.factorId)];
  }
  const factor = f.factorId === undefined ? undefined : findFactor(state, f.factorId);
  if (factor === undefined || factor.budgetExhausted) return [];
  const inWindow = failuresInWindow(ctx, factor);
  if (inWindow < ctx.policy.factorGuessBudget) return [];
  const data = { scope: "factor" as const, failures: inWindow, windowDays: ctx.policy.factorBudgetDays };
  return [ctx.emit("GuessBudgetExhausted", data, factor.factorId)];
};

/**
 * A failed challenge. Wrong and replayed codes count (a resubmission of the code just accepted
 * does not); on reaching the policy's limit a LockedOut follows, with a backoff that grows with
 * each lockout in a row; the guessing budget (see budgetEvents) bounds the total.
 * `locked_out` and the other non-guess reasons leave the count and the lock untouched.
 */
export const challengeFailed = (ctx: DecisionContext, state: UserState, f: Failure): FactorlensEvent[] => {
  const counts = LOCKOUT_COUNTED_REASONS.has(f.reason) && f.resubmission !== true;
  const failures = state.lockout.consecutiveFailures + (counts ? 1 : 0);
  const data = {
    method: f.method,
    attemptId: f.attemptId,
    reason: f.reason,
    consecutiveFailures: failures,
    ...(f.challengeId === undefined ? {} : { challengeId: f.challengeId }),
    ...(f.resubmission === true ? { counted: false as const } : {}),
  };
  const events: FactorlensEvent[] = [ctx.emit("ChallengeFailed", data, f.factorId)];
  if (f.diagnosis !== undefined && f.reason !== "locked_out") {
    events.push(
      ctx.emit("MismatchDiagnosed", { attemptId: f.attemptId, diagnosis: f.diagnosis }, f.factorId),
    );
  }
  const budget = counts ? budgetEvents(ctx, state, f) : [];
  events.push(...budget);
  const accountSpent = budget.some((e) => e.type === "GuessBudgetExhausted" && e.data.scope === "account");
  if (counts && !accountSpent && failures >= ctx.policy.maxConsecutiveFailures) {
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
