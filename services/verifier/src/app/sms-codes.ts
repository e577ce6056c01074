/**
 * SMS codes: 6 random digits, held only as an HMAC (key derived from the active master key with
 * HKDF, bound to the challenge id) so a database reader cannot recover them offline without the key.
 */
import { createHmac, hkdfSync, randomInt, timingSafeEqual } from "node:crypto";

export interface SmsCodeMac {
  newCode(): string;
  mac(challengeId: string, code: string): Buffer;
  matches(challengeId: string, code: string, stored: Buffer): boolean;
}

export function createSmsCodeMac(masterKey: Buffer): SmsCodeMac {
  const key = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "factorlens/sms-code-mac/v1", 32));
  const mac = (challengeId: string, code: string) =>
    createHmac("sha256", key).update(challengeId).update("\0").update(code).digest();
  return {
    newCode: () => randomInt(0, 1_000_000).toString().padStart(6, "0"),
    mac,
    matches: (challengeId, code, stored) => {
      const m = mac(challengeId, code);
      return stored.length === m.length && timingSafeEqual(stored, m);
    },
  };
}
