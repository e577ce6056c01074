/**
 * Factor lifecycle: start enrollment (what is generated, imported or sent, and answered, is the
 * method's: methods/), confirm with the first code, resync a HOTP token, disable.
 */
import {
  DomainError,
  type FactorState,
  findFactor,
  type HotpParams,
  resyncHotp as resyncEngine,
  type UserState,
} from "@factorlens/domain";
import { VerifierError } from "../errors";
import { type AppContext, eventOf, secondsUntil } from "./context";
import { scheduleDiagnosis } from "./diagnose";
import { enrollerFor, loadMaterial, methodOf, verificationFor } from "./methods";
import type { CallContext, ConfirmOutcome, EnrollInput, EnrollOutcome } from "./types";
import { diagnosable } from "./verify";

/** Which factors a call acts on, and the not_found message for a factor id that is not one. */
interface FactorKind<F extends FactorState> {
  fits(f: FactorState): f is F;
  missing: string;
  /** Why a factor of another kind is refused (409). */
  wrongKind: string;
}
const ANY_FACTOR: FactorKind<FactorState> = {
  fits: (f): f is FactorState => true,
  missing: "unknown factor",
  wrongKind: "",
};
const HOTP_FACTOR: FactorKind<FactorState & { hotpParams: HotpParams }> = {
  fits: (f): f is FactorState & { hotpParams: HotpParams } => f.method === "hotp" && f.hotpParams !== null,
  missing: "unknown HOTP factor",
  wrongKind: "only an HOTP token's counter is resynchronised",
};

/** The factor `factorId` of `state` if it is of `kind`; otherwise not_found with the kind's message. */
function factorIn<F extends FactorState>(state: UserState, factorId: string, kind: FactorKind<F>): F {
  const f = findFactor(state, factorId);
  if (!f) throw new VerifierError("not_found", kind.missing);
  // the factor exists but cannot do this (a TOTP app has no counter to resync): 409, not 404
  if (!kind.fits(f))
    throw new VerifierError("conflict", `the factor is ${f.method}: ${kind.wrongKind}`, {
      reason: "wrong-method",
    });
  return f;
}

export async function enroll(
  app: AppContext,
  userId: string,
  request: EnrollInput,
  ctx: CallContext,
): Promise<EnrollOutcome> {
  const enroller = enrollerFor(app, { userId, factorId: app.newId(), request, ctx });
  const { data } = enroller;
  // The secret row is inert until the enrollment event exists (nothing reads a factor the stream lacks).
  await app.vault.put(userId, data.factorId, enroller.material, app.now());
  await app.streams.execute(userId, ({ state }) => ({
    events: app.decide({ type: "StartEnrollment", userId, metadata: app.meta(ctx), data }, state),
    result: undefined,
  }));
  return enroller.started();
}

export async function confirm(
  app: AppContext,
  userId: string,
  factorId: string,
  code: string,
  attemptId: string,
  ctx: CallContext,
): Promise<ConfirmOutcome> {
  const factor = factorIn((await app.streams.load(userId)).state, factorId, ANY_FACTOR);
  const { secrets, smsRows } = await loadMaterial(app, userId, [factor]);
  const secret = secrets.get(factorId);
  const decision = await app.streams.execute(userId, ({ state }) => {
    const metadata = app.meta(ctx);
    const current = factorIn(state, factorId, ANY_FACTOR);
    const verification = verificationFor(app, current, code, metadata.now.getTime(), { secret, smsRows });
    if (!verification) throw new VerifierError("not_found", "the factor has no secret on record");
    const events = app.decide(
      { type: "ConfirmEnrollment", userId, metadata, data: { factorId, verification, attemptId } },
      state,
    );
    return { events, result: { events, factor: current, state, verification } };
  });
  if (eventOf(decision.events, "FactorEnrollmentConfirmed")) {
    methodOf(decision.factor).passed?.(app, decision.verification);
    return { factorId, confirmed: true };
  }
  const failed = eventOf(decision.events, "FactorEnrollmentFailed");
  const lockedOut = eventOf(decision.events, "LockedOut");
  if (failed && diagnosable(failed.data.reason, code)) {
    scheduleDiagnosis(app, {
      userId,
      attemptId,
      code,
      factor: decision.factor,
      secret,
      smsRows,
      smsState: decision.state.smsChallenges,
      nowMs: Date.parse(failed.occurredAt),
      correlationId: failed.correlationId,
      causationId: failed.eventId,
      enrollmentConfirmation: true,
    });
  }
  const until = lockedOut?.data.until;
  return {
    factorId,
    confirmed: false,
    reason: until ? "locked" : "invalid_code",
    ...(until ? { retryAfterSeconds: secondsUntil(until, app.now()) } : {}),
  };
}

export async function resyncHotp(
  app: AppContext,
  userId: string,
  factorId: string,
  code1: string,
  code2: string,
  ctx: CallContext,
): Promise<boolean> {
  factorIn((await app.streams.load(userId)).state, factorId, HOTP_FACTOR);
  const secret = await app.vault.get(userId, factorId);
  if (!secret) throw new VerifierError("not_found", "the factor has no secret on record");
  const attemptId = app.newId();
  return app.streams.execute(userId, ({ state }) => {
    const f = factorIn(state, factorId, HOTP_FACTOR);
    const found = resyncEngine(secret, f.hotpParams, f.hotpCounter, code1, code2);
    const check = found
      ? { ok: true as const, matchedCounter: found.nextCounter - 2, nextCounter: found.nextCounter }
      : { ok: false as const, reason: "mismatch" as const };
    const events = app.decide(
      { type: "ResyncHotp", userId, metadata: app.meta(ctx), data: { factorId, attemptId, check } },
      state,
    );
    return { events, result: eventOf(events, "HotpResynced") !== undefined };
  });
}

export async function disable(
  app: AppContext,
  userId: string,
  factorId: string,
  reason: string,
  ctx: CallContext,
) {
  const factor = factorIn((await app.streams.load(userId)).state, factorId, ANY_FACTOR);
  const refused = await app.streams.execute(userId, ({ state }) => {
    const events = app.decide(
      { type: "DisableFactor", userId, metadata: app.meta(ctx), data: { factorId, reason } },
      state,
    );
    return { events, result: events.some((e) => e.type === "FactorDisableRefused") };
  });
  // the refusal is recorded (FactorDisableRefused) and answered as before: 403, nothing disabled
  if (refused) throw new DomainError("fresh_verification_required", "a fresh verification is required");
  await methodOf(factor).release(app, userId, factorId);
}
