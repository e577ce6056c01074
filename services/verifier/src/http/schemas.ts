/**
 * The HTTP contract as zod schemas: requests are parsed with them, and the OpenAPI document is
 * generated from them (http/openapi.ts), so the two cannot drift apart.
 */
import {
  E164_IN_USE,
  FREE_TEXT_RULES,
  freeTextProblem,
  maskFreeText,
  StorableString,
} from "@factorlens/domain";
import { z } from "zod";
import { VERIFY_REASONS } from "../app/types";

/*
 * Every string that can reach an event is a StorableString (no U+0000, no lone surrogate: what
 * the event stores refuse), so it is a 400 naming the field here rather than a failed append.
 * Free text is screened with the domain's one rule: the user agent masked, a reason refused.
 */

export const Id = z
  .string()
  .min(1)
  .max(128)
  // "." and ".." are URL dot-segments: such an id could never be addressed in a path
  .regex(/^(?!\.\.?$)[A-Za-z0-9._:-]+$/, "letters, digits and . _ : - only, not . or ..");
const Code = z.string().min(1).max(64);

export const RequestContext = z.strictObject({
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  userAgent: StorableString.max(512)
    .overwrite(maskFreeText)
    .optional()
    .describe("Codes, long digit runs, phone numbers and secrets in it are masked before it is recorded"),
  deviceId: Id.optional(),
});

export const VerifyRequest = z.strictObject({
  userId: Id,
  code: Code,
  method: z.enum(["totp", "hotp", "sms", "recovery"]).optional(),
  factorId: Id.optional(),
  attemptId: Id.optional().describe("Login attempt id chosen by the caller; generated when absent"),
  context: RequestContext.optional(),
});
export type VerifyRequest = z.infer<typeof VerifyRequest>;

export const VerifyReason = z.enum(VERIFY_REASONS);
export type VerifyReason = z.infer<typeof VerifyReason>;

export const VerifyResponse = z.strictObject({
  accepted: z.boolean(),
  attemptId: z.string(),
  method: z.enum(["totp", "hotp", "sms", "recovery"]).optional(),
  reason: VerifyReason.optional(),
  retryAfterSeconds: z.int().min(1).optional(),
});
export type VerifyResponse = z.infer<typeof VerifyResponse>;

const Algorithm = z.enum(["SHA1", "SHA256", "SHA512"]);
const Digits = z.union([z.literal(6), z.literal(8)]);

export const EnrollRequest = z.discriminatedUnion("method", [
  z.strictObject({
    method: z.literal("totp"),
    algorithm: Algorithm.default("SHA1"),
    digits: Digits.default(6),
    period: z.union([z.literal(30), z.literal(60)]).default(30),
    accountName: StorableString.min(1)
      .max(128)
      .regex(/^[^:]+$/, "must not contain ':'")
      .optional(),
  }),
  z.strictObject({
    method: z.literal("hotp"),
    secret: z
      .string()
      .regex(/^[A-Z2-7]{16,128}=*$/i, "base32, at least 80 bits")
      .describe("admin scope only"),
    algorithm: Algorithm.default("SHA1"),
    digits: Digits.default(6),
    counter: z
      .int()
      .min(0)
      .max(2 ** 40)
      .default(0),
  }),
  z.strictObject({
    method: z.literal("sms"),
    phone: z
      .string()
      .regex(E164_IN_USE, "must be an E.164 number with a calling code in use, such as +447911123456"),
  }),
]);
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z.strictObject({
  factorId: z.string(),
  method: z.enum(["totp", "hotp", "sms"]),
  status: z.literal("pending"),
  secret: z.string().optional().describe("TOTP: base32 secret, returned once"),
  otpauthUri: z.string().optional().describe("TOTP: otpauth:// URI, returned once"),
  qrSvg: z.string().optional().describe("TOTP: the otpauth URI as an SVG QR code, returned once"),
  challengeId: z.string().optional().describe("SMS: the confirmation code was sent"),
  maskedPhone: z.string().optional(),
});

export const ConfirmRequest = z.strictObject({ code: Code, attemptId: Id.optional() });
export const ConfirmResponse = z.strictObject({
  factorId: z.string(),
  confirmed: z.boolean(),
  reason: z.enum(["invalid_code", "locked"]).optional(),
  retryAfterSeconds: z.int().min(1).optional(),
});

export const ResyncRequest = z.strictObject({ code1: Code, code2: Code });
export const ResyncResponse = z.strictObject({ factorId: z.string(), resynced: z.boolean() });

export const DisableQuery = z.strictObject({
  reason: StorableString.min(1)
    .max(500)
    .refine((r) => freeTextProblem(r) === null, `a reason holds ${FREE_TEXT_RULES}`)
    .optional(),
});
export const DisableResponse = z.strictObject({ factorId: z.string(), disabled: z.literal(true) });

export const RecoveryCodesResponse = z.strictObject({
  batchId: z.string(),
  codes: z.array(z.string()).describe("Shown once; only their scrypt hashes are kept"),
});

export const SmsChallengeRequest = z.strictObject({ factorId: Id.optional(), attemptId: Id.optional() });
export const SmsChallengeResponse = z.strictObject({
  challengeId: z.string(),
  attemptId: z.string(),
  factorId: z.string(),
  maskedPhone: z.string(),
  expiresAt: z.string(),
});

export const SmsReceipt = z.strictObject({
  messageId: StorableString.min(1).max(128),
  status: z.enum(["delivered", "failed"]),
  errorCode: StorableString.min(1).max(64).optional(),
  carrierErrorCode: StorableString.min(1).max(64).optional(),
});
export const SmsReceiptResponse = z.strictObject({ recorded: z.boolean() });

export const UserParams = z.strictObject({ userId: Id });
export const FactorParams = z.strictObject({ userId: Id, factorId: Id });

export const ProblemDetails = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  retryAfterSeconds: z.int().optional(),
});

export const HealthResponse = z.strictObject({ status: z.literal("ok") });
export const ReadyResponse = z.strictObject({ status: z.literal("ready") });
