import { z } from "zod";
import { defineFactorEvent, defineUserEvent } from "./envelope";
import { CountryCode } from "./primitives";

/** `+` calling code and up to 4 national digits: the SMS guard's unit (describePhone's prefix). */
export const NumberPrefix = z.string().regex(/^\+[1-9]\d{0,6}$/, "calling code and at most 4 digits");

/** Why the SMS guard refused: the burst tripped it now, or an earlier trip is still cooling down. */
export const SMS_REFUSAL_REASONS = ["burst_low_conversion", "cooling_down"] as const;
export type SmsRefusalReason = (typeof SMS_REFUSAL_REASONS)[number];

/**
 * The SMS guard refused to send a code to the factor's number: the number's prefix had a burst of
 * sends that few users completed (SMS pumping). Nothing was sent and no challenge exists. Carries
 * the prefix, never the number; the figures are the window's when the refusal was decided.
 */
export const SmsSendRefused = defineFactorEvent(
  "SmsSendRefused",
  1,
  z.strictObject({
    attemptId: z.string().min(1).max(128),
    numberPrefix: NumberPrefix,
    country: CountryCode.nullable(),
    reason: z.enum(SMS_REFUSAL_REASONS),
    /** Sends to the prefix in the window, those whose code was entered, those still in their grace. */
    sends: z.int().min(0),
    passed: z.int().min(0),
    pending: z.int().min(0),
    /** The thresholds in force: burst size, window, conversion floor, cool-down. */
    thresholds: z.strictObject({
      burstSends: z.int().min(1),
      windowMinutes: z.int().min(1),
      minConversion: z.number().min(0).max(1),
      coolDownMinutes: z.int().min(1),
    }),
    /** Until when sends to the prefix are refused (unless lifted). */
    refusedUntil: z.iso.datetime(),
  }),
);

/**
 * Support lifted the SMS guard's block of a prefix (ticket and agent in the actor). Appended to
 * the prefix's own stream (see smsGuardUserId); the verifier honours it on its next send there.
 */
export const SmsBlockLifted = defineUserEvent(
  "SmsBlockLifted",
  1,
  z.strictObject({ numberPrefix: NumberPrefix, reason: z.string().min(1).max(500) }),
);
