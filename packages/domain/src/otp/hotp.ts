import { createSecretKey } from "node:crypto";
import { codesEqual, codeValue, codeValuesEqual, isWellFormedCode } from "./code-compare";
import { assertSecret, codeNumber, formatCode } from "./hmac";
import { assertHotpParams, assertHotpPolicy } from "./params";
import type { HotpCheck, HotpParams, HotpPolicy } from "./types";

export const DEFAULT_HOTP_LOOK_AHEAD = 10;
export const DEFAULT_RESYNC_SEARCH = 1000;

/** RFC 4226 HOTP value of `counter`. */
export function hotpCode(secret: Uint8Array, params: HotpParams, counter: number): string {
  assertSecret(secret);
  assertHotpParams(params);
  return formatCode(codeNumber(secret, params.algorithm, params.digits, counter), params.digits);
}

/**
 * Checks a HOTP code against counters [counter, counter + lookAhead]; on a match the next
 * expected counter is the matched one + 1. Each comparison is constant-time; the scan stops at
 * the first match (as RFC 4226 §7.4 implementations do): a wrong code always costs the whole
 * window, and the time of a right one only tells its sender how far ahead their own token was.
 * An in-sync token then costs one HMAC instead of lookAhead + 1.
 */
export function checkHotp(
  secret: Uint8Array,
  params: HotpParams,
  policy: HotpPolicy,
  code: string,
): HotpCheck {
  assertSecret(secret);
  assertHotpParams(params);
  assertHotpPolicy(policy);
  if (!isWellFormedCode(code, params.digits)) return { ok: false, reason: "malformed" };
  const submitted = codeValue(code);
  for (let c = policy.counter; c <= policy.counter + policy.lookAhead; c++) {
    if (codeValuesEqual(submitted, codeNumber(secret, params.algorithm, params.digits, c))) {
      return { ok: true, matchedCounter: c, nextCounter: c + 1 };
    }
  }
  return { ok: false, reason: "mismatch" };
}

/**
 * Resynchronises a HOTP token from two consecutive codes: finds the first c in
 * [counter, counter + maxSearch) with code(c) = code1 and code(c + 1) = code2. Returns the next
 * expected counter (c + 2) or null. One HMAC per counter.
 */
export function resyncHotp(
  secret: Uint8Array,
  params: HotpParams,
  counter: number,
  code1: string,
  code2: string,
  maxSearch: number = DEFAULT_RESYNC_SEARCH,
): { nextCounter: number } | null {
  assertSecret(secret);
  assertHotpParams(params);
  assertHotpPolicy({ counter, lookAhead: 0 });
  if (!isWellFormedCode(code1, params.digits) || !isWellFormedCode(code2, params.digits)) return null;
  const first = Buffer.from(code1, "latin1");
  const second = Buffer.from(code2, "latin1");
  const limit = Math.max(0, Math.min(Math.floor(maxSearch), 100_000));
  const key = createSecretKey(secret);
  let previousMatched = false;
  for (let c = counter; c <= counter + limit; c++) {
    const candidate = formatCode(codeNumber(key, params.algorithm, params.digits, c), params.digits);
    if (previousMatched && codesEqual(second, candidate)) return { nextCounter: c + 1 };
    previousMatched = c < counter + limit && codesEqual(first, candidate);
  }
  return null;
}
