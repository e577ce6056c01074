import { z } from "zod";
import { DIAGNOSIS_CONFIDENCES, MISMATCH_PATTERNS, SMS_DELIVERY_STATES } from "./types";

/**
 * The bounds of a search that found no cause, so the agent hears what was ruled out. Counts and
 * seconds only, like the rest of the evidence.
 */
export const SearchedSchema = z
  .object({
    /** Explanations whose candidates were tried for this code and did not match. */
    ruledOut: z.array(z.enum(MISMATCH_PATTERNS)).max(MISMATCH_PATTERNS.length),
    /** Digits of the factor's codes (the code's own length is `codeLength`). */
    digits: z.number().int().positive(),
    /** Clock errors searched either side of server time (TOTP), in seconds and in steps. */
    skewSeconds: z.number().int().nonnegative(),
    skewSteps: z.number().int().nonnegative(),
    /** Time-zone errors searched up to this many hours either side (TOTP). */
    timezoneHours: z.number().int().nonnegative(),
    /** The factor's learned drift (device − server) the accept window allowed for, in seconds (TOTP). */
    driftSeconds: z.number().int(),
    /** Counters searched beyond the look-ahead, and used counters checked for a replay (HOTP). */
    hotpAhead: z.number().int().nonnegative(),
    hotpBack: z.number().int().nonnegative(),
    /** The user's SMS challenges the code was compared with (SMS). */
    smsChallenges: z.number().int().nonnegative(),
  })
  .partial()
  .strict();
export type Searched = z.infer<typeof SearchedSchema>;

/**
 * Evidence of a diagnosis: offsets, kinds, counters and fingerprints only. By construction it
 * has no field that could hold a secret, a code or a candidate code.
 */
export const DiagnosisEvidenceSchema = z
  .object({
    /** Estimated device clock − server clock, in seconds. */
    skewSeconds: z.number().int(),
    /** Matched step − current server step (TOTP), or matched counter − expected counter (HOTP). */
    offsetSteps: z.number().int(),
    /** Offset the device clock is set to, in minutes (half hours, or a 45-minute zone). */
    timezoneOffsetMinutes: z.number().int(),
    matchedSecret: z.enum(["current", "retired"]),
    secretFingerprint: z.string().regex(/^sha256:[0-9a-f]{16}$/),
    /** How long ago the matched retired secret was retired, in seconds. */
    retiredSecondsAgo: z.number().int().nonnegative(),
    /** dropped: one digit short; doubled: one digit typed twice (the code has the wrong length). */
    typoKind: z.enum(["substitution", "transposition", "dropped", "doubled"]),
    /** 0-based position of the wrong digit (or the first of the swapped pair). */
    typoPosition: z.number().int().nonnegative(),
    /** Counter the code was generated for (counter mode, HOTP). */
    counter: z.number().int().nonnegative(),
    altParams: z
      .object({
        algorithm: z.enum(["SHA1", "SHA256", "SHA512"]),
        digits: z.union([z.literal(6), z.literal(8)]),
        period: z.union([z.literal(30), z.literal(60)]),
      })
      .partial()
      .strict(),
    secretEdit: z.enum(["changed", "dropped", "doubled", "swapped"]),
    /** 0-based position of the base32 character changed, dropped or doubled (or the first swapped). */
    secretEditPosition: z.number().int().nonnegative(),
    smsChallengeId: z.string().min(1),
    /** 1 = the challenge before the current one, 2 = the one before that, ... */
    smsChallengesBack: z.number().int().positive(),
    expiredSecondsAgo: z.number().int().nonnegative(),
    /** How long the SMS code was valid (expiry − send), in seconds. */
    smsValiditySeconds: z.number().int().nonnegative(),
    /** Delivery receipt − send, in seconds (absent: no receipt). */
    smsDeliveredAfterSeconds: z.number().int(),
    /** Entry − send, in seconds. */
    smsEnteredAfterSeconds: z.number().int().nonnegative(),
    /** Why an SMS code expired: delivered (near) after expiry, or delivered in time and typed late. */
    smsLate: z.enum(["delivery", "entry"]),
    deliveryState: z.enum(SMS_DELIVERY_STATES),
    /** The code is valid for the current accept window (the failure had another cause). */
    matchesAcceptWindow: z.boolean(),
    codeLength: z.number().int().nonnegative(),
    /** What a no_match search covered: the explanations it tried and ruled out, and their bounds. */
    searched: SearchedSchema,
  })
  .partial()
  .strict();
export type DiagnosisEvidence = z.infer<typeof DiagnosisEvidenceSchema>;

export const DiagnosisSchema = z
  .object({
    pattern: z.enum(MISMATCH_PATTERNS),
    confidence: z.enum(DIAGNOSIS_CONFIDENCES),
    evidence: DiagnosisEvidenceSchema,
    /** Probability that a uniformly random code of that length matches ≥ 1 candidate searched. */
    coincidenceProbability: z.number().min(0).max(1),
    candidatesTried: z.number().int().nonnegative(),
  })
  .strict();
export type Diagnosis = z.infer<typeof DiagnosisSchema>;
