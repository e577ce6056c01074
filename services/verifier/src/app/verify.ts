/**
 * The hot path: POST /v1/verify. Secrets are fetched (LRU) before the decision; the OTP check is
 * computed inside the decision so that after a conflict it runs again on the caught-up state
 * (a code accepted by a concurrent request is then seen as replayed). Failures schedule a
 * diagnosis off the response path.
 */
import {
  type FactorlensEvent,
  type FactorState,
  passedAttempt,
  type UserState,
  type Verification,
} from "@factorlens/domain";
import { VerifierError } from "../errors";
import { matchRecoveryCode } from "../recovery/recovery-codes";
import { type AppContext, eventOf, secondsUntil } from "./context";
import { scheduleDiagnosis } from "./diagnose";
import { loadMaterial, methodOf, verificationFor } from "./methods";
import type { VerifyInput, VerifyOutcome, VerifyReason } from "./types";

const COARSE: Record<string, VerifyReason> = {
  code_mismatch: "invalid_code",
  replayed: "invalid_code",
  expired: "invalid_code",
  malformed: "invalid_code",
  locked_out: "locked",
  no_active_factor: "no_active_factor",
  rate_limited: "rate_limited",
};

/** Active factors the code may be for: the given method/factor; without a method, TOTP/HOTP first, else SMS. */
const candidatesOf = (state: UserState, input: VerifyInput): FactorState[] => {
  const active = Object.values(state.factors).filter(
    (f) => f.status === "active" && (input.factorId === undefined || f.factorId === input.factorId),
  );
  if (input.method !== undefined) return active.filter((f) => f.method === input.method);
  const otp = active.filter((f) => f.method !== "sms");
  return otp.length > 0 ? otp : active;
};

/**
 * Failures worth a diagnosis: a wrong, replayed or expired code, and a code of the wrong length
 * made of digits (a digit dropped or doubled, an app showing 8 digits). Not lockouts or rate limits.
 */
export const diagnosable = (reason: string, code: string): boolean =>
  ["code_mismatch", "replayed", "expired"].includes(reason) ||
  (reason === "malformed" && /^[0-9]{1,10}$/.test(code));

export async function verify(app: AppContext, input: VerifyInput): Promise<VerifyOutcome> {
  if (input.method === "recovery") return verifyRecovery(app, input);
  const { userId, attemptId, code } = input;
  const loaded = await app.streams.load(userId);
  if (loaded.state.userId === null) throw new VerifierError("not_found", "unknown user");
  if (input.factorId !== undefined && !loaded.state.factors[input.factorId]) {
    throw new VerifierError("not_found", "unknown factor");
  }
  const { secrets, smsRows } = await loadMaterial(app, userId, candidatesOf(loaded.state, input));

  type Decided =
    | { kind: "no_factor" }
    | {
        kind: "decided";
        events: FactorlensEvent[];
        state: UserState;
        factor: FactorState;
        verification: Verification;
      };
  const decision = await app.streams.execute<Decided>(
    userId,
    ({ state }) => {
      const metadata = app.meta(input.ctx);
      const nowMs = metadata.now.getTime();
      let chosen: { factor: FactorState; verification: Verification } | undefined;
      for (const factor of candidatesOf(state, input)) {
        const material = { secret: secrets.get(factor.factorId), smsRows };
        const verification = verificationFor(app, factor, code, nowMs, material);
        if (!verification) continue;
        if (!chosen || verification.check.ok) chosen = { factor, verification };
        if (verification.check.ok) break;
      }
      if (!chosen) {
        return { events: [], result: { kind: "no_factor" } };
      }
      const events = app.decide(
        {
          type: "VerifyCode",
          userId,
          metadata,
          data: { factorId: chosen.factor.factorId, attemptId, verification: chosen.verification },
        },
        state,
      );
      return { events, result: { kind: "decided", events, state, ...chosen } };
    },
    loaded,
  );

  if (decision.kind === "no_factor") {
    return { accepted: false, attemptId, reason: "no_active_factor" };
  }
  const { events, factor, state } = decision;
  const method = factor.method;
  if (eventOf(events, "ChallengePassed")) {
    methodOf(factor).passed?.(app, decision.verification);
    return { accepted: true, attemptId, method };
  }
  // Nothing decided for a VerifyCode = a retry of the attempt this factor already accepted: same answer.
  if (events.length === 0 && passedAttempt(state, factor.factorId, attemptId))
    return { accepted: true, attemptId, method };
  const failed = eventOf(events, "ChallengeFailed");
  const reason = COARSE[failed?.data.reason ?? "code_mismatch"] ?? "invalid_code";
  const lockedOut = eventOf(events, "LockedOut");
  const until = lockedOut?.data.until ?? (reason === "locked" ? state.lockout.lockedUntil : null);
  if (failed && diagnosable(failed.data.reason, code)) {
    scheduleDiagnosis(app, {
      userId,
      attemptId,
      code,
      factor,
      secret: secrets.get(factor.factorId),
      smsRows,
      smsState: state.smsChallenges,
      nowMs: Date.parse(failed.occurredAt),
      correlationId: failed.correlationId,
      causationId: failed.eventId,
      enrollmentConfirmation: false,
    });
  }
  return {
    accepted: false,
    attemptId,
    method,
    reason,
    ...(until ? { retryAfterSeconds: secondsUntil(until, app.now()) } : {}),
  };
}

async function verifyRecovery(app: AppContext, input: VerifyInput): Promise<VerifyOutcome> {
  const { userId, attemptId } = input;
  const loaded = await app.streams.load(userId);
  if (loaded.state.userId === null) throw new VerifierError("not_found", "unknown user");
  const batchId = loaded.state.recoveryCodes.batchId;
  const set = batchId ? await app.repo.loadRecoveryCodes(userId, batchId) : null;
  const matched = set ? await matchRecoveryCode(input.code, set) : null;
  const decision = await app.streams.execute(
    userId,
    ({ state }) => {
      const matchedIndex = state.recoveryCodes.batchId === batchId ? matched : null;
      const events = app.decide(
        { type: "UseRecoveryCode", userId, metadata: app.meta(input.ctx), data: { attemptId, matchedIndex } },
        state,
      );
      return { events, result: { events, state } };
    },
    loaded,
  );
  if (eventOf(decision.events, "RecoveryCodeUsed")) return { accepted: true, attemptId, method: "recovery" };
  const failed = eventOf(decision.events, "ChallengeFailed");
  const reason = COARSE[failed?.data.reason ?? "code_mismatch"] ?? "invalid_code";
  const lockedOut = eventOf(decision.events, "LockedOut");
  const until = lockedOut?.data.until ?? (reason === "locked" ? decision.state.lockout.lockedUntil : null);
  return {
    accepted: false,
    attemptId,
    method: "recovery",
    reason,
    ...(until ? { retryAfterSeconds: secondsUntil(until, app.now()) } : {}),
  };
}

/** The first over-limit attempt of a window becomes a ChallengeFailed(rate_limited) for analysts. */
export async function recordRateLimited(
  app: AppContext,
  userId: string,
  attemptId: string,
  ctx: VerifyInput["ctx"],
) {
  await app.streams.execute(userId, ({ state }) => ({
    events: app.decide(
      { type: "RecordRateLimited", userId, metadata: app.meta(ctx), data: { attemptId } },
      state,
    ),
    result: undefined,
  }));
}
