import { z } from "zod";
import { type Diagnosis, DiagnosisSchema } from "../diagnosis/schema";

/** Shared building blocks of event payloads. Everything is a strict object: no unknown keys. */
export const IdString = z.string().min(1).max(128);
export const EventId = z.uuid();
export const IsoDateTime = z.iso.datetime();
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2, upper case");
/**
 * Non-reversible fingerprint of a secret as computed by the OTP engine (`sha256:` + 16–64 lower-case
 * hex digits of a tagged hash). Never the secret.
 */
export const SecretFingerprint = z.string().regex(/^sha256:[0-9a-f]{16,64}$/, "sha256:<hex> fingerprint");
/**
 * Masked E.164 number: country code, bullets, and at most the last 4 digits (`+44 •••• ••12 34`).
 * The pattern admits exactly 4 trailing digits, so a full number can never be stored.
 */
export const MaskedPhone = z
  .string()
  .regex(/^\+[1-9]\d{0,2} [• ]*•[• ]*(?:\d ?){3}\d$/, "masked phone number");

export const OtpAlgorithmSchema = z.enum(["SHA1", "SHA256", "SHA512"]);
export const OtpDigitsSchema = z.union([z.literal(6), z.literal(8)]);
export const TotpParamsSchema = z.strictObject({
  algorithm: OtpAlgorithmSchema,
  digits: OtpDigitsSchema,
  period: z.union([z.literal(30), z.literal(60)]),
});
export const HotpParamsSchema = z.strictObject({ algorithm: OtpAlgorithmSchema, digits: OtpDigitsSchema });

export const FactorMethodSchema = z.enum(["totp", "hotp", "sms"]);
export const ChallengeMethodSchema = z.enum(["totp", "hotp", "sms", "recovery"]);

export const ActorSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("user") }),
  z.strictObject({ kind: z.literal("system"), component: IdString }),
  z.strictObject({ kind: z.literal("support"), agentId: IdString, ticketRef: IdString }),
  z.strictObject({ kind: z.literal("admin"), clientId: IdString }),
]);
export type Actor = z.infer<typeof ActorSchema>;

export const RequestContextSchema = z.strictObject({
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  userAgent: z.string().max(512).optional(),
  deviceId: IdString.optional(),
  loginAttemptId: IdString.optional(),
  country: CountryCode.optional(),
  asn: z.int().min(0).max(4_294_967_295).optional(),
});
export type RequestContext = z.infer<typeof RequestContextSchema>;

/**
 * The result of a mismatch diagnosis as recorded in `MismatchDiagnosed`: the diagnosis module's
 * own schema (pattern, confidence, evidence without codes or secrets, coincidence probability,
 * candidates tried).
 */
export const DiagnosisPayloadSchema = DiagnosisSchema;
export type DiagnosisPayload = Diagnosis;
