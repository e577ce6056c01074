/**
 * Recovery codes: 10 random codes of 50 bits each (Crockford base32, shown as xxxxx-xxxxx), shown
 * once and stored only as scrypt hashes. One random salt per batch: the codes are high-entropy, so
 * a per-batch salt keeps a use down to ONE scrypt computation, compared in constant time against
 * every stored hash.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const RECOVERY_CODE_COUNT = 10;
const SCRYPT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export interface RecoveryCodeSet {
  salt: Buffer;
  hashes: Buffer[];
}

export function generateRecoveryCode(): string {
  const bytes = randomBytes(10);
  let out = "";
  for (const b of bytes) out += ALPHABET[b & 31];
  return `${out.slice(0, 5)}-${out.slice(5)}`.toLowerCase();
}

/** Upper-cases, drops separators and maps the look-alikes (I/L→1, O→0). Null when malformed. */
export function normalizeRecoveryCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  return s.length === 10 && [...s].every((c) => ALPHABET.includes(c)) ? s : null;
}

export function hashRecoveryCode(normalized: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(normalized, salt, 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function issueRecoveryCodes(): Promise<{ codes: string[]; set: RecoveryCodeSet }> {
  const salt = randomBytes(16);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  const hashes = await Promise.all(codes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!, salt)));
  return { codes, set: { salt, hashes } };
}

/** Index of the matching code in the set, or null. Every hash is compared (constant time). */
export async function matchRecoveryCode(input: string, set: RecoveryCodeSet): Promise<number | null> {
  const normalized = normalizeRecoveryCode(input);
  if (normalized === null) return null;
  const digest = await hashRecoveryCode(normalized, set.salt);
  let match: number | null = null;
  set.hashes.forEach((h, i) => {
    if (h.length === digest.length && timingSafeEqual(h, digest) && match === null) match = i;
  });
  return match;
}
