import { timingSafeEqual } from "node:crypto";
import type { OtpDigits } from "./types";

const DIGITS_ONLY = /^[0-9]+$/;

/** True when `code` is exactly `digits` ASCII digits. */
export function isWellFormedCode(code: string, digits: OtpDigits): boolean {
  return typeof code === "string" && code.length === digits && DIGITS_ONLY.test(code);
}

/**
 * Constant-time equality of a submitted code (already well-formed, so same length) and a
 * candidate code. Both are ASCII digits of equal length, so the buffers have equal length.
 */
export function codesEqual(submitted: Buffer, candidate: string): boolean {
  return timingSafeEqual(submitted, Buffer.from(candidate, "latin1"));
}

/**
 * The hot-path comparison: a well-formed code of 6 or 8 digits as its integer value (below 2^31)
 * against a candidate's truncated HMAC value. One XOR of two small integers: no early exit on the
 * first differing digit as a string comparison has, and no allocation per candidate.
 */
export function codeValue(code: string): number {
  return Number(code) | 0;
}
export function codeValuesEqual(submitted: number, candidate: number): boolean {
  return (submitted ^ candidate) === 0;
}
