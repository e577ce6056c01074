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
