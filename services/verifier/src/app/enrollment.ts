/**
 * Factor lifecycle: start enrollment (TOTP secret generated here and returned once with its
 * otpauth URI and QR code; HOTP secret imported by an admin; SMS number kept encrypted in the
 * vault), confirm with the first code, resync a HOTP token, disable.
 */
import {
  DEFAULT_HOTP_PARAMS,
  DomainError,
  decodeBase32,
  encodeBase32,
  findFactor,
  generateSecret,
  maskPhone,
  otpauthUri,
  phoneCountry,
  resyncHotp as resyncEngine,
  SecretFingerprint,
  type StartEnrollment,
  secretFingerprint,
  type Verification,
} from "@factorlens/domain";
import QRCode from "qrcode";
import { VerifierError } from "../errors";
import type { EnrollRequest } from "../http/schemas";
import { type AppContext, eventOf, secondsUntil } from "./context";
import { scheduleDiagnosis } from "./diagnose";
import { sendSmsChallenge } from "./sms";
import type { CallContext, ConfirmOutcome, EnrollOutcome } from "./types";
import { diagnosable, verificationFor } from "./verify";

const ISSUER = "factorlens";

/**
 * The OTP engine prints `sha256:<hex>` while the event schema takes bare hex (a domain
 * inconsistency reported to the lead): use whichever form the event schema accepts.
 */
const fingerprintFor = (secret: Uint8Array): string => {
  const fp = secretFingerprint(secret);
  return SecretFingerprint.safeParse(fp).success ? fp : fp.replace(/^sha256:/, "");
};

export async function enroll(
  app: AppContext,
  userId: string,
  req: EnrollRequest,
  ctx: CallContext,
): Promise<EnrollOutcome> {
  const factorId = app.newId();
  const now = app.now();
  let data: StartEnrollment["data"];
  let secret: Uint8Array;
  if (req.method === "sms") {
    secret = new Uint8Array(Buffer.from(req.phone, "utf8"));
    data = { factorId, method: "sms", maskedPhone: maskPhone(req.phone), country: phoneCountry(req.phone) };
  } else if (req.method === "totp") {
    secret = generateSecret();
    const params = { algorithm: req.algorithm, digits: req.digits, period: req.period };
    data = { factorId, method: "totp", params, secretFingerprint: fingerprintFor(secret) };
  } else {
    secret = decodeBase32(req.secret);
    const params = { ...DEFAULT_HOTP_PARAMS, algorithm: req.algorithm, digits: req.digits };
    data = {
      factorId,
      method: "hotp",
      params,
      secretFingerprint: fingerprintFor(secret),
      ...(req.counter > 0 ? { initialCounter: req.counter } : {}),
    };
  }
  // The secret row is inert until the enrollment event exists (nothing reads a factor the stream lacks).
  await app.vault.put(userId, factorId, secret, now);
  await app.streams.execute(userId, ({ state }) => ({
    events: app.decide({ type: "StartEnrollment", userId, metadata: app.meta(ctx), data }, state),
    result: undefined,
  }));
  if (req.method === "sms") {
    const sent = await sendSmsChallenge(app, userId, factorId, app.newId(), ctx);
    return {
      factorId,
      method: "sms",
      status: "pending",
      challengeId: sent.challengeId,
      maskedPhone: sent.maskedPhone,
    };
  }
  if (req.method === "hotp") return { factorId, method: "hotp", status: "pending" };
  const uri = otpauthUri({
    issuer: ISSUER,
    accountName: req.accountName ?? userId,
    secret,
    method: "totp",
    params: { algorithm: req.algorithm, digits: req.digits, period: req.period },
  });
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    factorId,
    method: "totp",
    status: "pending",
    secret: encodeBase32(secret),
    otpauthUri: uri,
    qrSvg,
  };
}

export async function confirm(
  app: AppContext,
  userId: string,
  factorId: string,
  code: string,
  attemptId: string,
  ctx: CallContext,
): Promise<ConfirmOutcome> {
  const loaded = await app.streams.load(userId);
  const factor = findFactor(loaded.state, factorId);
  if (!factor) throw new VerifierError("not_found", "unknown factor");
  const secret = factor.method === "sms" ? undefined : ((await app.vault.get(userId, factorId)) ?? undefined);
  const smsRows = factor.method === "sms" ? await app.repo.recentSmsChallenges(userId, 10) : [];
  const decision = await app.streams.execute(userId, ({ state }) => {
    const metadata = app.meta(ctx);
    const current = findFactor(state, factorId);
    if (!current) throw new VerifierError("not_found", "unknown factor");
    const verification: Verification | null = verificationFor(
      current,
      code,
      metadata.now.getTime(),
      secret,
      smsRows,
      app,
    );
    if (!verification) throw new VerifierError("not_found", "the factor has no secret on record");
    const events = app.decide(
      { type: "ConfirmEnrollment", userId, metadata, data: { factorId, verification, attemptId } },
      state,
    );
    return { events, result: { events, factor: current, state } };
  });
  if (eventOf(decision.events, "FactorEnrollmentConfirmed")) return { factorId, confirmed: true };
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
  const loaded = await app.streams.load(userId);
  const factor = findFactor(loaded.state, factorId);
  if (factor?.method !== "hotp" || !factor.hotpParams)
    throw new VerifierError("not_found", "unknown HOTP factor");
  const secret = await app.vault.get(userId, factorId);
  if (!secret) throw new VerifierError("not_found", "the factor has no secret on record");
  const attemptId = app.newId();
  return app.streams.execute(userId, ({ state }) => {
    const f = findFactor(state, factorId);
    if (!f?.hotpParams) throw new VerifierError("not_found", "unknown HOTP factor");
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
  const loaded = await app.streams.load(userId);
  const factor = findFactor(loaded.state, factorId);
  if (!factor) throw new VerifierError("not_found", "unknown factor");
  const refused = await app.streams.execute(userId, ({ state }) => {
    const events = app.decide(
      { type: "DisableFactor", userId, metadata: app.meta(ctx), data: { factorId, reason } },
      state,
    );
    return { events, result: events.some((e) => e.type === "FactorDisableRefused") };
  });
  // the refusal is recorded (FactorDisableRefused) and answered as before: 403, nothing disabled
  if (refused) throw new DomainError("fresh_verification_required", "a fresh verification is required");
  // OTP secrets are kept retired (so "the app still has the old entry" can be diagnosed);
  // a phone number is personal data with no diagnostic use once the factor is gone.
  if (factor.method === "sms") await app.vault.erase(userId, factorId);
  else await app.vault.retire(userId, factorId, app.now());
}
