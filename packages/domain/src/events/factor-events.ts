import { z } from "zod";
import { defineFactorEvent } from "./envelope";
import {
  CountryCode,
  FactorMethodSchema,
  HotpParamsSchema,
  IdString,
  IsoDateTime,
  MaskedPhone,
  SecretFingerprint,
  TotpParamsSchema,
} from "./primitives";

/** Factor lifecycle events. Secrets never appear: only fingerprints, masked numbers and counts. */
export const FactorEnrollmentStarted = defineFactorEvent(
  "FactorEnrollmentStarted",
  1,
  z.discriminatedUnion("method", [
    z.strictObject({
      method: z.literal("totp"),
      params: TotpParamsSchema,
      secretFingerprint: SecretFingerprint,
    }),
    z.strictObject({
      method: z.literal("hotp"),
      params: HotpParamsSchema,
      secretFingerprint: SecretFingerprint,
      /**
       * An imported hardware token's current counter (absent: 0). An additive optional field:
       * records written before it exist read the same.
       */
      initialCounter: z
        .int()
        .min(0)
        .max(2 ** 40)
        .optional(),
    }),
    z.strictObject({ method: z.literal("sms"), maskedPhone: MaskedPhone, country: CountryCode.nullable() }),
  ]),
);

export const FactorEnrollmentConfirmed = defineFactorEvent(
  "FactorEnrollmentConfirmed",
  1,
  z.strictObject({
    method: FactorMethodSchema,
    /** TOTP: the step that matched (becomes lastAcceptedStep) and its offset from the server step. */
    acceptedStep: z.int().optional(),
    offset: z.int().optional(),
    /** HOTP: the counter the server expects next. */
    nextCounter: z.int().min(0).optional(),
    /** SMS: the challenge whose code confirmed the number. */
    challengeId: z.string().min(1).optional(),
  }),
);

export const FactorEnrollmentFailed = defineFactorEvent(
  "FactorEnrollmentFailed",
  1,
  z.strictObject({
    method: FactorMethodSchema,
    reason: z.enum(["code_mismatch", "malformed", "expired", "replayed"]),
    attemptNumber: z.int().min(1),
    /** The confirmation attempt (its MismatchDiagnosed carries the same id). Absent in older events. */
    attemptId: IdString.optional(),
  }),
);

export const FactorEnrollmentAbandoned = defineFactorEvent(
  "FactorEnrollmentAbandoned",
  1,
  z.strictObject({
    method: FactorMethodSchema,
    reason: z.enum(["superseded", "cancelled", "too_many_failures"]),
  }),
);

/** A factor change someone asked for (FactorDisabled, FactorReset): the method, who, and why. */
const FactorChangeData = z.strictObject({
  method: FactorMethodSchema,
  by: z.enum(["user", "support", "admin"]),
  reason: z.string().min(1).max(500),
});

export const FactorDisabled = defineFactorEvent("FactorDisabled", 1, FactorChangeData);

/**
 * A disable the decider refused (the user has no successful verification within the policy's
 * window): recorded, so support can tell the user what to do instead of "it did nothing".
 */
export const FactorDisableRefused = defineFactorEvent(
  "FactorDisableRefused",
  1,
  z.strictObject({
    method: FactorMethodSchema,
    reason: z.enum(["fresh_verification_required"]),
    /** How recent a successful verification must be to disable, in minutes. */
    freshVerificationMinutes: z.int().min(1),
    /** The user's last successful verification (absent: none). */
    lastVerifiedAt: IsoDateTime.optional(),
  }),
);

/** Back to pending: drift, replay step and counter cleared; must be confirmed again. */
export const FactorReset = defineFactorEvent("FactorReset", 1, FactorChangeData);

export const SecretRotated = defineFactorEvent(
  "SecretRotated",
  1,
  z.strictObject({ oldFingerprint: SecretFingerprint, newFingerprint: SecretFingerprint }),
);

export const DriftLearned = defineFactorEvent(
  "DriftLearned",
  1,
  z.strictObject({ driftSteps: z.int(), previousDriftSteps: z.int() }),
);

export const DriftReset = defineFactorEvent("DriftReset", 1, z.strictObject({ previousDriftSteps: z.int() }));

export const HotpResynced = defineFactorEvent(
  "HotpResynced",
  1,
  z.strictObject({ previousCounter: z.int().min(0), nextCounter: z.int().min(0) }),
);
