import type { EventOf } from "@factorlens/domain";
import type { AttemptRow } from "../tables";
import { noteLoginLocation } from "./apply-factor";
import { type BatchState, pairKey } from "./batch-state";
import { type ApplyDeps, attemptRow, factorRow, hourBucket, phonePrefix, userRow } from "./context";
import { noteSmsVerified } from "./sms-conversion";

type ChallengeEventType =
  | "ChallengeIssued"
  | "ChallengePassed"
  | "ChallengeFailed"
  | "MismatchDiagnosed"
  | "LockedOut"
  | "GuessBudgetExhausted"
  | "Unlocked"
  | "RecoveryCodesIssued"
  | "RecoveryCodeUsed";

export const applyChallengeEvent = (
  s: BatchState,
  e: EventOf<ChallengeEventType>,
  position: number,
  deps: ApplyDeps,
): void => {
  const at = e.occurredAt;
  switch (e.type) {
    case "ChallengeIssued": {
      const a = attemptRow(s, e, e.data.attemptId, position, deps);
      a.method = e.data.method;
      if (e.data.challengeId) {
        a.challenge_id = e.data.challengeId;
        s.putAttempt(a);
      }
      if (e.data.maskedPhone) {
        a.masked_phone = e.data.maskedPhone;
        a.phone_prefix = phonePrefix(e.data.maskedPhone);
      }
      return;
    }
    case "ChallengePassed": {
      const a = attemptRow(s, e, e.data.attemptId, position, deps);
      Object.assign(a, { method: e.data.method, outcome: "passed", reason: null, completed_at: at });
      const f = factorRow(s, e, e.factorId);
      if (f) {
        f.last_success_at = at;
        f.consecutive_failures = 0;
        if (f.drift_steps !== null && e.data.offset === f.drift_steps) f.drift_confirmations += 1;
      }
      if (s.users.get(e.userId)?.locked) userRow(s, e).locked = false;
      noteLoginLocation(s, e, deps);
      if (e.data.method === "sms") noteSmsVerified(s, e.data.challengeId, at);
      return;
    }
    case "ChallengeFailed": {
      const a = attemptRow(s, e, e.data.attemptId, position, deps);
      Object.assign(a, { method: e.data.method, outcome: "failed", reason: e.data.reason, completed_at: at });
      const f = factorRow(s, e, e.factorId);
      if (f) {
        f.last_failure_at = at;
        f.consecutive_failures = e.data.consecutiveFailures;
      }
      countFailure(s, e, a);
      touchPatterns(s, e.userId, a.factor_id, at);
      return;
    }
    case "MismatchDiagnosed": {
      const a = attemptRow(s, e, e.data.attemptId, position, deps);
      const d = e.data.diagnosis;
      Object.assign(a, {
        pattern: d.pattern,
        confidence: d.confidence,
        evidence: d.evidence,
        coincidence_probability: d.coincidenceProbability,
        candidates_tried: d.candidatesTried,
      });
      touchPatterns(s, e.userId, a.factor_id, at);
      return;
    }
    case "LockedOut":
      Object.assign(userRow(s, e), {
        locked: true,
        locked_at: at,
        locked_until: e.data.until,
        lockout_reason: `${e.data.failures} failures (lockout #${e.data.lockoutNumber})`,
      });
      return;
    case "GuessBudgetExhausted":
      // The account's budget locks until an audited unlock (no end time); a factor's budget is
      // seen on the timeline as its refused (locked_out) attempts.
      if (e.data.scope === "account") {
        Object.assign(userRow(s, e), {
          locked: true,
          locked_at: at,
          locked_until: null,
          lockout_reason: `${e.data.failures} failures without a success: guessing budget spent, unlock required`,
        });
      }
      return;
    case "Unlocked":
      Object.assign(userRow(s, e), { locked: false, locked_until: null, unlocked_at: at });
      return;
    case "RecoveryCodesIssued":
      Object.assign(userRow(s, e), { recovery_codes_issued: e.data.count, recovery_codes_used: 0 });
      return;
    case "RecoveryCodeUsed": {
      const u = userRow(s, e);
      u.recovery_codes_used = Math.max(0, u.recovery_codes_issued - e.data.remaining);
      return;
    }
  }
};

/** Prefix of an attempt's reason when it was an enrollment confirmation (the first code). */
export const ENROLLMENT_REASON_PREFIX = "enrollment_";

/**
 * A failed enrollment confirmation is an attempt like a failed login (its diagnosis links to it
 * by attempt id), with reason `enrollment_<reason>`; it is not counted in the fraud rollups.
 */
export const applyEnrollmentAttempt = (
  s: BatchState,
  e: EventOf<"FactorEnrollmentFailed">,
  position: number,
  deps: ApplyDeps,
): void => {
  if (e.data.attemptId === undefined) return;
  const a = completedAttempt(s, e, e.data.attemptId, position, deps, "failed", ENROLLMENT_REASON_PREFIX);
  touchPatterns(s, e.userId, a.factor_id, e.occurredAt);
};

/** An attempt that is one event: its method, outcome and reason (`<prefix><event reason>`), done. */
const completedAttempt = (
  s: BatchState,
  e: EventOf<"FactorEnrollmentFailed" | "FactorDisableRefused">,
  attemptId: string,
  position: number,
  deps: ApplyDeps,
  outcome: AttemptRow["outcome"],
  reasonPrefix: string,
): AttemptRow => {
  const a = attemptRow(s, e, attemptId, position, deps);
  const reason = `${reasonPrefix}${e.data.reason}`;
  return Object.assign(a, { method: e.data.method, outcome, reason, completed_at: e.occurredAt });
};

/** Prefix of the reason of a refused disable on the timeline (`disable_fresh_verification_required`). */
export const DISABLE_REASON_PREFIX = "disable_";

/**
 * A refused disable is an attempt of its own (keyed by the event id), outcome `refused`: on the
 * timeline, so support can explain it; not a code failure, so no pattern or fraud rollup counts it.
 */
export const applyDisableRefusal = (
  s: BatchState,
  e: EventOf<"FactorDisableRefused">,
  eventId: string,
  position: number,
  deps: ApplyDeps,
): void => {
  const a = completedAttempt(s, e, eventId, position, deps, "refused", DISABLE_REASON_PREFIX);
  // what support needs to word it: the window, and how long ago the last code was
  a.evidence = {
    freshVerificationMinutes: e.data.freshVerificationMinutes,
    ...(e.data.lastVerifiedAt === undefined ? {} : { lastVerifiedAt: e.data.lastVerifiedAt }),
  };
};

/** Marks a user+factor for pattern recomputation at the latest time seen in the batch. */
const touchPatterns = (s: BatchState, userId: string, factorId: string | null, at: string): void => {
  if (factorId === null) return;
  const key = pairKey(userId, factorId);
  const prev = s.patternPairs.get(key);
  if (!prev || Date.parse(at) > Date.parse(prev.asOf))
    s.patternPairs.set(key, { userId, factorId, asOf: at });
};

/** Failures per IP, hour and user: who else an IP failed for (the user search by IP reads it). */
const countFailure = (s: BatchState, e: EventOf<"ChallengeFailed">, a: AttemptRow): void => {
  if (!a.ip) return;
  const bucket = hourBucket(e.occurredAt);
  s.ipUserFailures.add(
    `${a.ip}|${bucket}|${e.userId}`,
    { ip: a.ip, bucket_start: bucket, user_id: e.userId, failures: 0 },
    { failures: 1 },
  );
};
