import { createHash, randomBytes } from "node:crypto";
import { generateURI } from "otplib";
import { DomainError } from "../events/domain-error";
import { encodeBase32 } from "./base32";
import { assertSecret } from "./hmac";
import { assertHotpParams, assertTotpParams } from "./params";
import type { HotpParams, TotpParams } from "./types";

export const DEFAULT_SECRET_BYTES = 20;
const FINGERPRINT_TAG = Buffer.from("factorlens/otp-secret-fingerprint/v1\u0000", "utf8");

/** A fresh random secret (default 160 bits, RFC 4226 §4 recommends ≥ 128, 160 preferred). */
export function generateSecret(bytes: number = DEFAULT_SECRET_BYTES): Uint8Array {
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 64) {
    throw new DomainError("invalid_secret", "secret length must be 16..64 bytes");
  }
  return new Uint8Array(randomBytes(bytes));
}

/**
 * A non-reversible, domain-separated identifier of a secret for events and read models:
 * `sha256:` + the first 16 hex digits of SHA-256(tag || secret).
 */
export function secretFingerprint(secret: Uint8Array): string {
  assertSecret(secret);
  const digest = createHash("sha256").update(FINGERPRINT_TAG).update(secret).digest("hex");
  return `sha256:${digest.slice(0, 16)}`;
}

export type OtpauthUriInput =
  | { issuer: string; accountName: string; secret: Uint8Array; method: "totp"; params: TotpParams }
  | {
      issuer: string;
      accountName: string;
      secret: Uint8Array;
      method: "hotp";
      params: HotpParams;
      counter?: number;
    };

/** The otpauth:// Key Uri (Google Authenticator format) for a QR code, built by otplib. */
export function otpauthUri(input: OtpauthUriInput): string {
  assertSecret(input.secret);
  if (input.issuer.includes(":") || input.accountName.includes(":")) {
    throw new DomainError("invalid_params", "issuer and account name must not contain ':'");
  }
  const common = {
    issuer: input.issuer,
    label: input.accountName,
    secret: encodeBase32(input.secret),
    algorithm: input.params.algorithm.toLowerCase() as "sha1" | "sha256" | "sha512",
    digits: input.params.digits,
  };
  if (input.method === "totp") {
    assertTotpParams(input.params);
    return generateURI({ ...common, strategy: "totp", period: input.params.period });
  }
  assertHotpParams(input.params);
  return generateURI({ ...common, strategy: "hotp", counter: input.counter ?? 0 });
}
