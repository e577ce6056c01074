import { z } from "zod";
import { defineUserEvent } from "./envelope";
import {
  ChallengeMethodSchema,
  DiagnosisPayloadSchema,
  IdString,
  IsoDateTime,
  MaskedPhone,
} from "./primitives";

/** Challenge outcomes, lockout and recovery codes. `factorId` is set whenever a factor is involved. */
export const ChallengeIssued = defineUserEvent(
  "ChallengeIssued",
  1,
  z.strictObject({
    method: ChallengeMethodSchema,
    attemptId: IdString,
    /** SMS only. */
    challengeId: IdString.optional(),
    maskedPhone: MaskedPhone.optional(),
    expiresAt: IsoDateTime.optional(),
  }),
);

export const ChallengePassed = defineUserEvent(
  "ChallengePassed",
  1,
  z.strictObject({
    method: ChallengeMethodSchema,
    attemptId: IdString,
    /** TOTP: matched step and its offset (matched step − server step). */
    step: z.int().optional(),
    offset: z.int().optional(),
    /** HOTP: matched counter and the next expected one. */
    matchedCounter: z.int().min(0).optional(),
    nextCounter: z.int().min(0).optional(),
    /** SMS: the challenge whose code matched. */
    challengeId: IdString.optional(),
  }),
);

export const CHALLENGE_FAILURE_REASONS = [
  "code_mismatch",
  "replayed",
  "expired",
  "locked_out",
  "malformed",
  "no_active_factor",
  "rate_limited",
] as const;
export type ChallengeFailureReason = (typeof CHALLENGE_FAILURE_REASONS)[number];
/** Reasons that count toward the lockout: a wrong or reused code. Others are not guesses. */
export const LOCKOUT_COUNTED_REASONS: ReadonlySet<ChallengeFailureReason> = new Set([
  "code_mismatch",
  "replayed",
]);

/** v1, kept for upcasting: four reasons with older names and no failure count. */
export const ChallengeFailedV1 = defineUserEvent(
  "ChallengeFailed",
  1,
  z.strictObject({
    method: ChallengeMethodSchema,
    attemptId: IdString,
    reason: z.enum(["invalid_code", "replayed", "expired", "locked"]),
  }),
);

export const ChallengeFailed = defineUserEvent(
  "ChallengeFailed",
  2,
  z.strictObject({
    method: ChallengeMethodSchema,
    attemptId: IdString,
    reason: z.enum(CHALLENGE_FAILURE_REASONS),
    /** Consecutive counted failures after this event (informational; evolve counts itself). */
    consecutiveFailures: z.int().min(0),
    challengeId: IdString.optional(),
    /**
     * false: a `replayed` code that is the one this factor just accepted (a double submit or a
     * retry), refused but not a guess, so not counted. Absent: counted by reason.
     */
    counted: z.literal(false).optional(),
  }),
);

export const MismatchDiagnosed = defineUserEvent(
  "MismatchDiagnosed",
  1,
  z.strictObject({ attemptId: IdString, diagnosis: DiagnosisPayloadSchema }),
);

export const LockedOut = defineUserEvent(
  "LockedOut",
  1,
  z.strictObject({
    until: IsoDateTime,
    failures: z.int().min(1),
    /** 1 for the first lockout since the last success/unlock, 2 for the next… (drives the backoff). */
    lockoutNumber: z.int().min(1),
  }),
);

/**
 * The guessing budget is spent. `account`: the maximum of consecutive failures without a success
 * was reached; every method (recovery codes included) is refused until an audited unlock.
 * `factor`: the factor's rolling budget (failures within `windowDays`) was reached; that factor is
 * refused until a recovery code is used or support unlocks.
 */
export const GuessBudgetExhausted = defineUserEvent(
  "GuessBudgetExhausted",
  1,
  z.strictObject({
    scope: z.enum(["account", "factor"]),
    failures: z.int().min(1),
    windowDays: z.int().min(1).optional(),
  }),
);

export const Unlocked = defineUserEvent(
  "Unlocked",
  1,
  z.strictObject({ by: z.enum(["support", "admin", "system"]), reason: z.string().min(1).max(500) }),
);

export const RecoveryCodesIssued = defineUserEvent(
  "RecoveryCodesIssued",
  1,
  z.strictObject({ batchId: IdString, count: z.int().min(1).max(50) }),
);

export const RecoveryCodeUsed = defineUserEvent(
  "RecoveryCodeUsed",
  1,
  z.strictObject({
    batchId: IdString,
    index: z.int().min(0),
    attemptId: IdString,
    remaining: z.int().min(0),
  }),
);
