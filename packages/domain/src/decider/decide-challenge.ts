import type { ChallengeFailureReason, FactorlensEvent } from "../events";
import { challengeFailed, checkFailureReason, isInt, smsVerdict } from "./challenge-rules";
import type { IssueChallenge, ResyncHotp, UseRecoveryCode, VerifyCode } from "./commands";
import type { DecideCommand, DecisionContext } from "./emit";
import { reject, requireFactor, supportAudit } from "./guards";
import { type FactorState, findFactor, isLockedOut } from "./state";

/** Drift is learned from two consecutive successes at the same offset that differs from it. */
const learnDrift = (ctx: DecisionContext, factor: FactorState, offset: number): FactorlensEvent[] =>
  offset !== factor.driftSteps &&
  factor.lastSuccessOffset === offset &&
  Math.abs(offset) <= ctx.policy.maxDriftSteps
    ? [
        ctx.emit(
          "DriftLearned",
          { driftSteps: offset, previousDriftSteps: factor.driftSteps },
          factor.factorId,
        ),
      ]
    : [];

/**
 * What the factor's last pass says about this check: the same attempt with the code it accepted
 * (`retry`: answered again, nothing recorded), another attempt with that code (`resubmission`:
 * refused as replayed, not counted), or neither. Only within the policy's retry grace.
 */
const againstLastPass = (
  ctx: DecisionContext,
  factor: FactorState,
  attemptId: string,
  v: VerifyCode["data"]["verification"],
): "retry" | "resubmission" | null => {
  const lp = factor.lastPass;
  if (lp === null || ctx.now.getTime() - Date.parse(lp.at) > ctx.policy.retryGraceSeconds * 1000) return null;
  const same =
    v.method === "totp"
      ? (v.check.ok || v.check.reason === "replayed") && lp.step === v.check.step
      : v.method === "hotp"
        ? v.check.ok && lp.counter === v.check.matchedCounter
        : v.check.ok && lp.challengeId === v.check.challengeId;
  if (!same) return null;
  return lp.attemptId === attemptId ? "retry" : "resubmission";
};

/** The login hot path's decision. Never accepts while locked, a replayed step, or an inactive factor. */
export const verifyCode: DecideCommand<VerifyCode> = (ctx, state, c) => {
  const { factorId, attemptId, verification: v, diagnosis } = c.data;
  const fail = (reason: ChallengeFailureReason, challengeId?: string, resubmission = false) =>
    challengeFailed(ctx, state, {
      method: v.method,
      attemptId,
      factorId,
      reason,
      ...(challengeId === undefined ? {} : { challengeId }),
      ...(diagnosis === undefined ? {} : { diagnosis }),
      ...(resubmission ? { resubmission } : {}),
    });

  const factor = findFactor(state, factorId);
  const last =
    factor?.status === "active" && factor.method === v.method
      ? againstLastPass(ctx, factor, attemptId, v)
      : null;
  if (last === "retry") return []; // the original answer (accepted) stands; see passedAttempt
  if (isLockedOut(state, ctx.now)) return fail("locked_out");
  if (factor?.status !== "active") return fail("no_active_factor");
  if (factor.method !== v.method)
    return reject("method_mismatch", `factor ${factorId} is ${factor.method}`, factorId);
  if (factor.budgetExhausted) return fail("locked_out");
  const replayed = (challengeId?: string) => fail("replayed", challengeId, last === "resubmission");

  switch (v.method) {
    case "totp": {
      const ch = v.check;
      if (!ch.ok) return ch.reason === "replayed" ? replayed() : fail(checkFailureReason(ch.reason));
      if (!isInt(ch.step) || !isInt(ch.offset))
        return reject("invalid_command", "TOTP step/offset must be integers");
      if (factor.lastAcceptedStep !== null && ch.step <= factor.lastAcceptedStep) return replayed();
      const data = { method: v.method, attemptId, step: ch.step, offset: ch.offset };
      return [ctx.emit("ChallengePassed", data, factorId), ...learnDrift(ctx, factor, ch.offset)];
    }
    case "hotp": {
      const ch = v.check;
      if (!ch.ok) return fail(checkFailureReason(ch.reason));
      if (!isInt(ch.matchedCounter) || ch.matchedCounter < 0 || ch.nextCounter !== ch.matchedCounter + 1) {
        return reject("invalid_command", "HOTP nextCounter must be matchedCounter + 1");
      }
      if (ch.matchedCounter < factor.hotpCounter) return replayed();
      const data = {
        method: v.method,
        attemptId,
        matchedCounter: ch.matchedCounter,
        nextCounter: ch.nextCounter,
      };
      return [ctx.emit("ChallengePassed", data, factorId)];
    }
    case "sms": {
      const ch = v.check;
      if (!ch.ok) return fail(checkFailureReason(ch.reason), ch.challengeId);
      const verdict = smsVerdict(state, factor, ch.challengeId, ctx.now);
      if (!verdict.ok) {
        const expired = verdict.emitExpired
          ? [ctx.emit("SmsCodeExpired", { challengeId: ch.challengeId, attemptId }, factorId)]
          : [];
        const failed =
          verdict.reason === "replayed" ? replayed(ch.challengeId) : fail(verdict.reason, ch.challengeId);
        return [...failed, ...expired];
      }
      return [
        ctx.emit("ChallengePassed", { method: v.method, attemptId, challengeId: ch.challengeId }, factorId),
      ];
    }
  }
};

/** A TOTP/HOTP prompt shown to the user (SMS challenges are issued by RecordSmsDispatch). */
export const issueChallenge: DecideCommand<IssueChallenge> = (ctx, state, c) => {
  const { factorId, attemptId } = c.data;
  const factor = requireFactor(state, factorId);
  if (factor.status !== "active")
    reject("factor_not_active", `factor ${factorId} is ${factor.status}`, factorId);
  if (factor.method === "sms")
    reject("method_mismatch", "SMS challenges are issued by RecordSmsDispatch", factorId);
  if (isLockedOut(state, ctx.now) || factor.budgetExhausted)
    reject("locked_out", "the account is locked out", factorId);
  return [ctx.emit("ChallengeIssued", { method: factor.method, attemptId }, factorId)];
};

/** Recovery codes are single-use; a wrong or reused one counts toward the lockout. */
export const useRecoveryCode: DecideCommand<UseRecoveryCode> = (ctx, state, c) => {
  const { attemptId, matchedIndex } = c.data;
  const rc = state.recoveryCodes;
  const fail = (reason: "locked_out" | "no_active_factor" | "code_mismatch" | "replayed") =>
    challengeFailed(ctx, state, { method: "recovery", attemptId, reason });
  if (isLockedOut(state, ctx.now)) return fail("locked_out");
  if (rc.batchId === null || rc.issued === 0) return fail("no_active_factor");
  if (matchedIndex === null) return fail("code_mismatch");
  if (!isInt(matchedIndex) || matchedIndex < 0 || matchedIndex >= rc.issued) {
    return reject("recovery_code_invalid", `recovery code index outside the batch of ${rc.issued}`);
  }
  if (rc.used.includes(matchedIndex)) return fail("replayed");
  const remaining = rc.issued - rc.used.length - 1;
  return [
    ctx.emit("RecoveryCodeUsed", { batchId: rc.batchId, index: matchedIndex, attemptId, remaining }),
    ctx.emit("ChallengePassed", { method: "recovery", attemptId }),
  ];
};

/** Two consecutive codes far ahead move the HOTP counter; failures count like any wrong code. */
export const resyncHotp: DecideCommand<ResyncHotp> = (ctx, state, c) => {
  const { factorId, attemptId, check, note } = c.data;
  const factor = requireFactor(state, factorId);
  if (factor.method !== "hotp") reject("method_mismatch", `factor ${factorId} is ${factor.method}`, factorId);
  if (factor.status !== "active")
    reject("factor_not_active", `factor ${factorId} is ${factor.status}`, factorId);
  const fail = (reason: "locked_out" | "code_mismatch" | "malformed" | "replayed") =>
    challengeFailed(ctx, state, { method: "hotp", attemptId, factorId, reason });
  if (isLockedOut(state, ctx.now) || factor.budgetExhausted) return fail("locked_out");
  if (!check.ok) return fail(checkFailureReason(check.reason));
  if (
    !isInt(check.matchedCounter) ||
    check.matchedCounter < 0 ||
    check.nextCounter !== check.matchedCounter + 2
  ) {
    return reject("invalid_command", "a resync matches two codes: nextCounter must be matchedCounter + 2");
  }
  if (check.matchedCounter < factor.hotpCounter) return fail("replayed");
  return [
    ctx.emit(
      "HotpResynced",
      { previousCounter: factor.hotpCounter, nextCounter: check.nextCounter },
      factorId,
    ),
    ...supportAudit(ctx, "resync_hotp", note, factorId),
  ];
};
