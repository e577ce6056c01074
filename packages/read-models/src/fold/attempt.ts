import type { FactorlensEvent } from "@factorlens/domain";
import type { AttemptRow } from "../tables";
import { type FoldContext, phonePrefix, resolveContext } from "./context";

/** Prefix of an attempt's reason when it was an enrollment confirmation (the first code). */
export const ENROLLMENT_REASON_PREFIX = "enrollment_";
/** Prefix of the reason of a refused disable on the timeline (`disable_fresh_verification_required`). */
export const DISABLE_REASON_PREFIX = "disable_";
/** Prefix of the reason of an SMS the SMS guard refused (`sms_refused_burst_low_conversion`). */
export const SMS_REFUSED_REASON_PREFIX = "sms_refused_";

/**
 * The attempt rows an event is about: its own attempt (created on its first event; a refused
 * disable is an attempt keyed by its event id) and the attempt that sent its SMS challenge
 * (delivery receipts, and a passed SMS code marking the sending attempt verified).
 */
export function attemptKeysOf(
  e: FactorlensEvent,
  eventId: string,
): { attemptId: string | null; challengeId: string | null } {
  switch (e.type) {
    case "ChallengeIssued":
    case "ChallengeFailed":
    case "MismatchDiagnosed":
      return { attemptId: e.data.attemptId, challengeId: null };
    case "ChallengePassed":
      return {
        attemptId: e.data.attemptId,
        challengeId: e.data.method === "sms" ? (e.data.challengeId ?? null) : null,
      };
    case "FactorEnrollmentFailed":
      return { attemptId: e.data.attemptId ?? null, challengeId: null };
    case "FactorDisableRefused":
      return { attemptId: eventId, challengeId: null };
    case "SmsSendRefused":
      return { attemptId: e.data.attemptId, challengeId: null };
    case "FactorEnrollmentConfirmed":
      return { attemptId: null, challengeId: e.data.method === "sms" ? (e.data.challengeId ?? null) : null };
    case "SmsDispatched":
    case "SmsDelivered":
    case "SmsDeliveryFailed":
    case "SmsCodeExpired":
      return { attemptId: null, challengeId: e.data.challengeId };
    default:
      return { attemptId: null, challengeId: null };
  }
}

const fresh = (e: FactorlensEvent, attemptId: string, position: number): AttemptRow => ({
  attempt_id: attemptId,
  user_id: e.userId,
  factor_id: e.factorId ?? null,
  method: null,
  started_at: e.occurredAt,
  completed_at: null,
  outcome: "pending",
  reason: null,
  pattern: null,
  confidence: null,
  evidence: null,
  coincidence_probability: null,
  candidates_tried: null,
  ip: null,
  ip_prefix: null,
  country: null,
  asn: null,
  asn_name: null,
  user_agent: null,
  device_id: null,
  login_attempt_id: null,
  challenge_id: null,
  sms_state: null,
  sms_updated_at: null,
  sms_failure_reason: null,
  phone_prefix: null,
  phone_country: null,
  masked_phone: null,
  phone_type: null,
  sms_verified_at: null,
  sms_delivered_at: null,
  first_position: position,
});

/**
 * attempts: one row per (user, attempt id). `row` is the event's own attempt (null when not
 * seen yet: created) or the attempt that sent its SMS challenge (see attemptKeysOf). Returns the
 * row the event leaves: a new object when it changed, the same one when not.
 */
export function evolveAttempt(
  row: AttemptRow | null,
  e: FactorlensEvent,
  ctx: FoldContext,
): AttemptRow | null {
  const keys = attemptKeysOf(e, ctx.eventId);
  let next = row;
  const own =
    keys.attemptId !== null &&
    (row === null || (row.attempt_id === keys.attemptId && row.user_id === e.userId));
  if (own) {
    const base = row ?? fresh(e, keys.attemptId!, ctx.position);
    // context fields fill in from the first event that brings them
    const context =
      e.context && base.ip === null && base.user_agent === null && base.device_id === null
        ? resolveContext(e, ctx.geo)
        : {};
    next = { ...base, factor_id: base.factor_id ?? e.factorId ?? null, ...context, ...ownPatch(e) };
  }
  if (next !== null && keys.challengeId !== null && next.challenge_id === keys.challengeId) {
    const sms = challengePatch(next, e);
    if (sms !== null) next = { ...next, ...sms };
  }
  return next;
}

/** What the event says about its own attempt. */
function ownPatch(e: FactorlensEvent): Partial<AttemptRow> {
  const at = e.occurredAt;
  /** The attempt ends here: how, and why. */
  const ended = (method: AttemptRow["method"], outcome: AttemptRow["outcome"], reason: string | null) => ({
    method,
    outcome,
    reason,
    completed_at: at,
  });
  switch (e.type) {
    case "ChallengeIssued":
      return {
        method: e.data.method,
        ...(e.data.challengeId ? { challenge_id: e.data.challengeId } : {}),
        ...(e.data.maskedPhone
          ? { masked_phone: e.data.maskedPhone, phone_prefix: phonePrefix(e.data.maskedPhone) }
          : {}),
      };
    case "ChallengePassed":
      return ended(e.data.method, "passed", null);
    case "ChallengeFailed":
      return ended(e.data.method, "failed", e.data.reason);
    case "MismatchDiagnosed": {
      const d = e.data.diagnosis;
      return {
        pattern: d.pattern,
        confidence: d.confidence,
        evidence: d.evidence,
        coincidence_probability: d.coincidenceProbability,
        candidates_tried: d.candidatesTried,
      };
    }
    case "FactorEnrollmentFailed":
      // a failed enrollment confirmation is an attempt like a failed login (its diagnosis links
      // to it by attempt id); the fraud rollups do not count it
      return ended(e.data.method, "failed", `${ENROLLMENT_REASON_PREFIX}${e.data.reason}`);
    case "FactorDisableRefused":
      // on the timeline so support can explain it; not a code failure (no pattern, no rollup).
      // The evidence is what support needs to word it: the window, and the last verification.
      return {
        ...ended(e.data.method, "refused", `${DISABLE_REASON_PREFIX}${e.data.reason}`),
        evidence: {
          freshVerificationMinutes: e.data.freshVerificationMinutes,
          ...(e.data.lastVerifiedAt === undefined ? {} : { lastVerifiedAt: e.data.lastVerifiedAt }),
        },
      };
    case "SmsSendRefused":
      // the SMS guard sent nothing: refused, not a code failure (no pattern, no rollup)
      return {
        ...ended("sms", "refused", `${SMS_REFUSED_REASON_PREFIX}${e.data.reason}`),
        evidence: { numberPrefix: e.data.numberPrefix, refusedUntil: e.data.refusedUntil },
      };
    default:
      return {};
  }
}

/** What the event says about the attempt that sent its SMS challenge; null: nothing. */
function challengePatch(a: AttemptRow, e: FactorlensEvent): Partial<AttemptRow> | null {
  const at = e.occurredAt;
  switch (e.type) {
    case "ChallengePassed":
    case "FactorEnrollmentConfirmed":
      // SMS conversion is counted per challenge, on the attempt that SENT it (which carries the
      // destination's country, prefix and type), once
      return a.sms_verified_at === null ? { sms_verified_at: at } : null;
    case "SmsDispatched":
      return {
        sms_updated_at: at,
        sms_state: "dispatched",
        masked_phone: e.data.maskedPhone,
        // the verifier's libphonenumber prefix (+23276) when recorded, else the calling code
        phone_prefix: e.data.numberPrefix ?? phonePrefix(e.data.maskedPhone),
        phone_type: e.data.numberType ?? null,
        phone_country: e.data.country,
        method: a.method ?? "sms",
      };
    case "SmsDelivered":
      return { sms_updated_at: at, sms_state: "delivered", sms_delivered_at: a.sms_delivered_at ?? at };
    case "SmsDeliveryFailed":
      // The carrier's code says why (30007: filtered as spam); the provider's is often "unknown".
      return {
        sms_updated_at: at,
        sms_state: "delivery_failed",
        sms_failure_reason: e.data.carrierErrorCode ?? e.data.errorCode,
      };
    case "SmsCodeExpired":
      return {
        sms_updated_at: at,
        sms_state: "expired",
        ...(a.outcome === "pending" ? { outcome: "expired", completed_at: at } : {}),
      };
    default:
      return null;
  }
}

/** Where the attempt rows an event may change are kept (a batch's state, or the live feed's). */
export interface AttemptRows {
  get(userId: string, attemptId: string): AttemptRow | undefined;
  /** The attempt that sent this SMS challenge. */
  forChallenge(challengeId: string): AttemptRow | undefined;
  put(row: AttemptRow): void;
}

/**
 * Folds one event into the attempt rows it is about (its own, and the one that sent its SMS
 * challenge), putting each changed row back. Returns the event's own attempt as it leaves it.
 */
export function foldAttemptEvent(rows: AttemptRows, e: FactorlensEvent, ctx: FoldContext): AttemptRow | null {
  const { attemptId, challengeId } = attemptKeysOf(e, ctx.eventId);
  let own: AttemptRow | null = null;
  if (attemptId !== null) {
    const row = rows.get(e.userId, attemptId) ?? null;
    own = evolveAttempt(row, e, ctx);
    if (own !== null && own !== row) rows.put(own);
  }
  if (challengeId !== null) {
    const sent = rows.forChallenge(challengeId);
    if (sent !== undefined && sent !== own) {
      const next = evolveAttempt(sent, e, ctx);
      if (next !== null && next !== sent) rows.put(next);
    }
  }
  return own;
}
