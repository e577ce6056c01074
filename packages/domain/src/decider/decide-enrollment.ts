import { type FactorlensEvent, MaskedPhone, SecretFingerprint } from "../events";
import { checkFailureReason, isInt, smsVerdict } from "./challenge-rules";
import type { ConfirmEnrollment, DisableFactor, ResetFactor, StartEnrollment } from "./commands";
import type { DecideCommand } from "./emit";
import {
  authorizeSensitive,
  hasFreshVerification,
  reject,
  requireFactor,
  requireSafeNote,
  supportAudit,
} from "./guards";
import { activeFactors, findFactor, isRetired } from "./state";

export const startEnrollment: DecideCommand<StartEnrollment> = (ctx, state, c) => {
  const d = c.data;
  if (findFactor(state, d.factorId))
    reject("factor_already_exists", `factor ${d.factorId} already exists`, d.factorId);
  if (
    d.method === "sms"
      ? !MaskedPhone.safeParse(d.maskedPhone).success
      : !SecretFingerprint.safeParse(d.secretFingerprint).success
  ) {
    reject("invalid_command", "enrollment needs a masked phone number or a secret fingerprint", d.factorId);
  }
  // adding a second factor is a sensitive change once the account is protected
  if (
    c.metadata.actor.kind === "user" &&
    activeFactors(state).length > 0 &&
    !hasFreshVerification(ctx, state)
  ) {
    reject("fresh_verification_required", "adding a factor needs a fresh verification", d.factorId);
  }
  const superseded = Object.values(state.factors)
    .filter((f) => f.status === "pending" && f.method === d.method)
    .map((f) =>
      ctx.emit("FactorEnrollmentAbandoned", { method: f.method, reason: "superseded" }, f.factorId),
    );
  const data =
    d.method === "sms"
      ? { method: d.method, maskedPhone: d.maskedPhone, country: d.country }
      : d.method === "totp"
        ? { method: d.method, params: d.params, secretFingerprint: d.secretFingerprint }
        : {
            method: d.method,
            params: d.params,
            secretFingerprint: d.secretFingerprint,
            ...(d.initialCounter ? { initialCounter: d.initialCounter } : {}),
          };
  return [...superseded, ctx.emit("FactorEnrollmentStarted", data, d.factorId)];
};

/** A factor becomes active only with its first correct code. */
export const confirmEnrollment: DecideCommand<ConfirmEnrollment> = (ctx, state, c) => {
  const { factorId, verification: v } = c.data;
  const factor = requireFactor(state, factorId);
  if (factor.status !== "pending")
    reject("factor_not_pending", `factor ${factorId} is ${factor.status}`, factorId);
  if (factor.method !== v.method)
    reject("method_mismatch", `factor ${factorId} is ${factor.method}`, factorId);

  const failed = (reason: "code_mismatch" | "malformed" | "expired" | "replayed"): FactorlensEvent[] => {
    const attemptNumber = factor.enrollmentFailures + 1;
    const events: FactorlensEvent[] = [
      ctx.emit(
        "FactorEnrollmentFailed",
        {
          method: factor.method,
          reason,
          attemptNumber,
          ...(c.data.attemptId === undefined ? {} : { attemptId: c.data.attemptId }),
        },
        factorId,
      ),
    ];
    if (attemptNumber >= ctx.policy.maxEnrollmentFailures) {
      events.push(
        ctx.emit(
          "FactorEnrollmentAbandoned",
          { method: factor.method, reason: "too_many_failures" },
          factorId,
        ),
      );
    }
    return events;
  };

  switch (v.method) {
    case "totp": {
      const ch = v.check;
      if (!ch.ok) return failed(checkFailureReason(ch.reason));
      if (!isInt(ch.step) || !isInt(ch.offset))
        return reject("invalid_command", "TOTP step/offset must be integers");
      if (factor.lastAcceptedStep !== null && ch.step <= factor.lastAcceptedStep) return failed("replayed");
      const data = { method: v.method, acceptedStep: ch.step, offset: ch.offset };
      return [ctx.emit("FactorEnrollmentConfirmed", data, factorId)];
    }
    case "hotp": {
      const ch = v.check;
      if (!ch.ok) return failed(checkFailureReason(ch.reason));
      if (!isInt(ch.matchedCounter) || ch.nextCounter !== ch.matchedCounter + 1 || ch.matchedCounter < 0) {
        return reject("invalid_command", "HOTP nextCounter must be matchedCounter + 1");
      }
      if (ch.matchedCounter < factor.hotpCounter) return failed("replayed");
      return [
        ctx.emit("FactorEnrollmentConfirmed", { method: v.method, nextCounter: ch.nextCounter }, factorId),
      ];
    }
    case "sms": {
      const ch = v.check;
      if (!ch.ok) return failed(checkFailureReason(ch.reason));
      const verdict = smsVerdict(state, factor, ch.challengeId, ctx.now);
      if (!verdict.ok) {
        const expired = verdict.emitExpired
          ? [ctx.emit("SmsCodeExpired", { challengeId: ch.challengeId }, factorId)]
          : [];
        return [...failed(verdict.reason), ...expired];
      }
      return [
        ctx.emit("FactorEnrollmentConfirmed", { method: v.method, challengeId: ch.challengeId }, factorId),
      ];
    }
  }
};

/** Disabling an active factor needs a fresh verification (user) or a support/admin actor. */
export const disableFactor: DecideCommand<DisableFactor> = (ctx, state, c) => {
  const { factorId, reason, note } = c.data;
  requireSafeNote(reason, "reason");
  const factor = requireFactor(state, factorId);
  if (isRetired(factor.status))
    reject("factor_not_active", `factor ${factorId} is already ${factor.status}`, factorId);
  if (factor.status === "pending") {
    return [ctx.emit("FactorEnrollmentAbandoned", { method: factor.method, reason: "cancelled" }, factorId)];
  }
  const actor = ctx.command.metadata.actor.kind;
  if (actor === "user" && !hasFreshVerification(ctx, state)) {
    // refused, and recorded: "I can't turn 2FA off" is a ticket support must be able to answer
    const minutes = ctx.policy.freshVerificationMinutes;
    const last = state.lastVerifiedAt === null ? {} : { lastVerifiedAt: state.lastVerifiedAt };
    const data = { method: factor.method, reason: "fresh_verification_required" as const };
    return [
      ctx.emit("FactorDisableRefused", { ...data, freshVerificationMinutes: minutes, ...last }, factorId),
    ];
  }
  const by = authorizeSensitive(ctx, state);
  return [
    ctx.emit("FactorDisabled", { method: factor.method, by, reason }, factorId),
    ...supportAudit(ctx, "disable_factor", note, factorId),
  ];
};

/** Back to pending (drift cleared), optionally with a new secret; confirmed again with a code. */
export const resetFactor: DecideCommand<ResetFactor> = (ctx, state, c) => {
  const { factorId, reason, newSecretFingerprint, note } = c.data;
  requireSafeNote(reason, "reason");
  const factor = requireFactor(state, factorId);
  if (isRetired(factor.status))
    reject("factor_not_active", `factor ${factorId} is ${factor.status}`, factorId);
  if (newSecretFingerprint !== undefined) {
    if (factor.method === "sms" || !SecretFingerprint.safeParse(newSecretFingerprint).success) {
      reject(
        "invalid_command",
        "a new secret fingerprint needs a TOTP/HOTP factor and a valid fingerprint",
        factorId,
      );
    }
  }
  const by = authorizeSensitive(ctx, state);
  const events: FactorlensEvent[] = [
    ctx.emit("FactorReset", { method: factor.method, by, reason }, factorId),
  ];
  const old = factor.secretFingerprint;
  if (newSecretFingerprint !== undefined && old !== null && newSecretFingerprint !== old) {
    events.push(
      ctx.emit("SecretRotated", { oldFingerprint: old, newFingerprint: newSecretFingerprint }, factorId),
    );
  }
  return [...events, ...supportAudit(ctx, "reset_factor", note, factorId)];
};
