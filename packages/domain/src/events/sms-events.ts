import { z } from "zod";
import { defineFactorEvent } from "./envelope";
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
