import { createHmac, type KeyObject } from "node:crypto";
import { DomainError } from "../events/domain-error";
import type { OtpAlgorithm, OtpDigits } from "./types";

export const NODE_HASH: Record<OtpAlgorithm, string> = { SHA1: "sha1", SHA256: "sha256", SHA512: "sha512" };
export const MODULO: Record<OtpDigits, number> = { 6: 1_000_000, 8: 100_000_000 };

/** The 8-byte big-endian moving factor of RFC 4226 (counters up to 2^53 − 1). */
export function counterBytes(counter: number): Buffer {
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new DomainError("invalid_counter", "counter must be a non-negative safe integer");
  }
  const buf = Buffer.allocUnsafe(8);
  buf.writeUInt32BE(Math.floor(counter / 0x1_0000_0000), 0);
  buf.writeUInt32BE(counter >>> 0, 4);
  return buf;
}

/** RFC 4226 §5.3 dynamic truncation, reduced modulo 10^digits. */
export function truncate(digest: Uint8Array, digits: OtpDigits): number {
  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const binary =
    (((digest[offset] ?? 0) & 0x7f) << 24) |
    ((digest[offset + 1] ?? 0) << 16) |
    ((digest[offset + 2] ?? 0) << 8) |
    (digest[offset + 3] ?? 0);
  return binary % MODULO[digits];
}

/** One HMAC + truncation on node:crypto: the code for `counter` as an integer (key bytes or a per-call KeyObject). */
export function codeNumber(
  secret: Uint8Array | KeyObject,
  algorithm: OtpAlgorithm,
  digits: OtpDigits,
  counter: number,
): number {
  const digest = createHmac(NODE_HASH[algorithm], secret).update(counterBytes(counter)).digest();
  return truncate(digest, digits);
}

export function formatCode(value: number, digits: OtpDigits): string {
  return value.toString().padStart(digits, "0");
}

export function assertSecret(secret: Uint8Array): void {
  if (!(secret instanceof Uint8Array) || secret.length === 0) {
    throw new DomainError("invalid_secret", "secret must be a non-empty byte array");
  }
}
