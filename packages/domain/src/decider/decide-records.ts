/**
 * Facts the verifier observed about an attempt, recorded through the decider like every other
 * event: the diagnosis of a failed code, and an attempt its rate limiter refused. Neither changes
 * security state (no counted failure, no lock, no counter).
 */
import { DiagnosisPayloadSchema } from "../events";
import { challengeFailed } from "./challenge-rules";
import type { RecordDiagnosis, RecordRateLimited } from "./commands";
import type { DecideCommand } from "./emit";
import { reject, requireActor, requireFactor } from "./guards";
import { isLockedOut } from "./state";

/**
 * Only the system (the verifier's diagnosis) records a diagnosis, only for a known factor, and only
 * a diagnosis of the catalogue's strict shape (no field that could carry a code or a secret).
 */
export const recordDiagnosis: DecideCommand<RecordDiagnosis> = (ctx, state, c) => {
  requireActor(ctx, "system", "only the verifier records a diagnosis");
  const { factorId, attemptId, diagnosis } = c.data;
  requireFactor(state, factorId);
  if (!DiagnosisPayloadSchema.safeParse(diagnosis).success)
    reject("invalid_command", "the diagnosis does not match the catalogue's schema", factorId);
  return [ctx.emit("MismatchDiagnosed", { attemptId, diagnosis }, factorId)];
};

/**
 * A rate-limited attempt is recorded against the user's first active factor (nothing without
 * one), as `locked_out` while the account is locked, else `rate_limited`: neither is counted.
 */
export const recordRateLimited: DecideCommand<RecordRateLimited> = (ctx, state, c) => {
  const factor = Object.values(state.factors).find((f) => f.status === "active");
  if (factor === undefined) return [];
  const reason = isLockedOut(state, ctx.now) ? "locked_out" : "rate_limited";
  return challengeFailed(ctx, state, {
    method: factor.method,
    attemptId: c.data.attemptId,
    factorId: factor.factorId,
    reason,
  });
};
