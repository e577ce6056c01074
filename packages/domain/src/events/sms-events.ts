import { z } from "zod";
import { defineFactorEvent } from "./envelope";
import { PHONE_NUMBER_TYPES } from "./phone-number";
import { CountryCode, IdString, MaskedPhone } from "./primitives";

/** SMS delivery events. Numbers are always masked; carrier error codes are opaque strings. */
export const SmsDispatched = defineFactorEvent(
  "SmsDispatched",
  1,
  z.strictObject({
    challengeId: IdString,
    provider: IdString,
    messageId: IdString,
    maskedPhone: MaskedPhone,
    country: CountryCode.nullable(),
    /** Calling code + the first national digits (`+23276`): the range SMS pumping targets. */
    numberPrefix: z
      .string()
      .regex(/^\+[1-9]\d{0,6}$/, "calling code and at most 4 digits")
      .optional(),
    /** libphonenumber's type of the number (mobile, voip, premium_rate…). */
    numberType: z.enum(PHONE_NUMBER_TYPES).optional(),
  }),
);

export const SmsDelivered = defineFactorEvent(
  "SmsDelivered",
  1,
  z.strictObject({ challengeId: IdString, provider: IdString, messageId: IdString.optional() }),
);

export const SmsDeliveryFailed = defineFactorEvent(
  "SmsDeliveryFailed",
  1,
  z.strictObject({
    challengeId: IdString,
    provider: IdString,
    messageId: IdString.optional(),
    errorCode: z.string().min(1).max(64),
    carrierErrorCode: z.string().min(1).max(64).optional(),
  }),
);

export const SmsCodeExpired = defineFactorEvent(
  "SmsCodeExpired",
  1,
  z.strictObject({ challengeId: IdString, attemptId: IdString.optional() }),
);
