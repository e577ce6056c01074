import type {
  AddTicketNote,
  IssueRecoveryCodes,
  RecordSmsDispatch,
  RecordSmsReceipt,
  RecordSupportLookup,
  ResetDrift,
  Unlock,
} from "./commands";
import type { DecideCommand } from "./emit";
import {
  hasFreshVerification,
  reject,
  requireActor,
  requireFactor,
  requireSafeNote,
  supportAudit,
} from "./guards";
import { isLockedOut, isRetired } from "./state";

export const issueRecoveryCodes: DecideCommand<IssueRecoveryCodes> = (ctx, state, c) => {
  const { batchId, count } = c.data;
  requireActor(ctx, "user", "only the user can receive recovery codes");
  if (!Number.isSafeInteger(count) || count < 1 || count > ctx.policy.maxRecoveryCodes) {
    reject("invalid_command", `recovery code count must be 1..${ctx.policy.maxRecoveryCodes}`);
  }
  if (!hasFreshVerification(ctx, state))
    reject("fresh_verification_required", "issuing codes needs a fresh verification");
  return [ctx.emit("RecoveryCodesIssued", { batchId, count })];
};

/** The verifier sent an SMS code: the challenge is outstanding until it expires or is used. */
export const recordSmsDispatch: DecideCommand<RecordSmsDispatch> = (ctx, state, c) => {
  const d = c.data;
  const factor = requireFactor(state, d.factorId);
  if (factor.method !== "sms")
    reject("method_mismatch", `factor ${d.factorId} is ${factor.method}`, d.factorId);
  if (isRetired(factor.status))
    reject("factor_not_active", `factor ${d.factorId} is ${factor.status}`, d.factorId);
  if (factor.status === "active" && isLockedOut(state, ctx.now))
    reject("locked_out", "the account is locked out");
  if (state.smsChallenges.some((ch) => ch.challengeId === d.challengeId)) return []; // idempotent
  if (!(d.expiresAt.getTime() > ctx.now.getTime())) reject("invalid_command", "expiresAt must be after now");
  const maskedPhone =
    factor.maskedPhone ?? reject("invalid_command", "SMS factor without a number", d.factorId);
  const issued = { method: "sms" as const, attemptId: d.attemptId, challengeId: d.challengeId, maskedPhone };
  const dispatched = {
    challengeId: d.challengeId,
    provider: d.provider,
    messageId: d.messageId,
    maskedPhone,
    country: d.phone?.country ?? factor.country,
    ...(d.phone ? { numberPrefix: d.phone.numberPrefix, numberType: d.phone.numberType } : {}),
  };
  return [
    ctx.emit("ChallengeIssued", { ...issued, expiresAt: d.expiresAt.toISOString() }, d.factorId),
    ctx.emit("SmsDispatched", dispatched, d.factorId),
  ];
};

/** Delivery receipts (from the provider via ingest). Duplicates are no-ops. */
export const recordSmsReceipt: DecideCommand<RecordSmsReceipt> = (ctx, state, c) => {
  const { challengeId, provider, messageId, outcome } = c.data;
  const challenge =
    state.smsChallenges.find((ch) => ch.challengeId === challengeId) ??
    reject("challenge_not_found", `SMS challenge ${challengeId} not found`);
  if (challenge.delivery === outcome.status) return [];
  const ids = { challengeId, provider, ...(messageId === undefined ? {} : { messageId }) };
  if (outcome.status === "delivered") return [ctx.emit("SmsDelivered", ids, challenge.factorId)];
  const carrier =
    outcome.carrierErrorCode === undefined ? {} : { carrierErrorCode: outcome.carrierErrorCode };
  return [
    ctx.emit("SmsDeliveryFailed", { ...ids, errorCode: outcome.errorCode, ...carrier }, challenge.factorId),
  ];
};

/** Support, admin or system clear the lockout and its backoff; users cannot unlock themselves. */
export const unlock: DecideCommand<Unlock> = (ctx, state, c) => {
  const actor = c.metadata.actor;
  if (actor.kind === "user") return reject("actor_not_allowed", "a user cannot unlock their own account");
  const l = state.lockout;
  if (!isLockedOut(state, ctx.now) && l.consecutiveFailures === 0 && l.lockoutCount === 0) return [];
  return [
    ctx.emit("Unlocked", { by: actor.kind, reason: c.data.reason }),
    ...supportAudit(ctx, "unlock", c.data.note),
  ];
};

export const resetDrift: DecideCommand<ResetDrift> = (ctx, state, c) => {
  const { factorId, note } = c.data;
  const factor = requireFactor(state, factorId);
  if (factor.method !== "totp") reject("method_mismatch", `factor ${factorId} is ${factor.method}`, factorId);
  if (factor.status !== "active")
    reject("factor_not_active", `factor ${factorId} is ${factor.status}`, factorId);
  if (factor.driftSteps === 0) return [];
  return [
    ctx.emit("DriftReset", { previousDriftSteps: factor.driftSteps }, factorId),
    ...supportAudit(ctx, "reset_drift", note, factorId),
  ];
};

export const recordSupportLookup: DecideCommand<RecordSupportLookup> = (ctx, _state, c) => {
  const actor = requireActor(ctx, "support", "only support agents perform lookups");
  const failure = c.data.failure;
  if (failure !== undefined) {
    const failed = { agentId: actor.agentId, targetUserId: c.userId, fieldsRead: c.data.fieldsRead };
    return [ctx.emit("SupportLookupFailed", { ...failed, ticketRef: actor.ticketRef, reason: failure })];
  }
  if (c.data.fieldsRead.length === 0) reject("invalid_command", "a lookup reads at least one field");
  const data = {
    agentId: actor.agentId,
    targetUserId: c.userId,
    fieldsRead: c.data.fieldsRead,
    ticketRef: actor.ticketRef,
  };
  return [ctx.emit("SupportLookupPerformed", data)];
};

/** A support agent's note on the ticket: recorded as SupportActionTaken { action: "note" }. */
export const addTicketNote: DecideCommand<AddTicketNote> = (ctx, state, c) => {
  requireActor(ctx, "support", "only support agents add ticket notes");
  if (state.userId === null) reject("invalid_command", "no such user");
  requireSafeNote(c.data.note);
  return supportAudit(ctx, "note", c.data.note);
};
