import { DomainError } from "../events/domain-error";

/** RFC 4648 base32 alphabet, the one authenticator apps use for secrets. */
export const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

const DECODE_TABLE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < BASE32_ALPHABET.length; i++) {
    table[BASE32_ALPHABET.charCodeAt(i)] = i;
    table[BASE32_ALPHABET.toLowerCase().charCodeAt(i)] = i;
  }
  return table;
})();

/** Encodes bytes as unpadded upper-case base32 (the form otpauth URIs and apps use). */
export function encodeBase32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes base32 as a user or an app would type it: spaces, dashes, lower case and trailing
 * `=` padding are tolerated; leftover bits that do not fill a byte are dropped (as apps do).
 * Throws `DomainError("invalid_base32")` on any other character or an empty input.
 */
export function decodeBase32(text: string): Uint8Array {
  const cleaned = text.replace(/[\s-]+/g, "").replace(/=+$/, "");
  if (cleaned.length === 0) throw new DomainError("invalid_base32", "base32 text is empty");
  const out = new Uint8Array(Math.floor((cleaned.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (let i = 0; i < cleaned.length; i++) {
    const code = cleaned.charCodeAt(i);
    const value = code < 128 ? (DECODE_TABLE[code] ?? -1) : -1;
    if (value < 0) throw new DomainError("invalid_base32", `invalid base32 character at position ${i}`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >>> bits) & 0xff;
    }
  }
  return out;
}
