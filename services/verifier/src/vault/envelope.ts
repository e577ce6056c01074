/**
 * AES-256-GCM envelope for factor secrets: a random 12-byte IV per encryption, the key id stored
 * next to each ciphertext (so keys can rotate), and AAD binding the ciphertext to its factor and
 * user (a ciphertext copied to another row does not decrypt).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { MasterKey } from "../config";
import { VerifierError } from "../errors";

export interface Sealed {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export interface Keyring {
  activeKeyId: string;
  seal(plaintext: Uint8Array, aad: string): Sealed;
  open(sealed: Sealed, aad: string): Uint8Array;
}

export const secretAad = (userId: string, factorId: string): string => `factor:${factorId}|user:${userId}`;

export function createKeyring(keys: readonly MasterKey[], activeKeyId: string): Keyring {
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const active = byId.get(activeKeyId);
  if (!active) throw new VerifierError("unknown_key", `active key id ${activeKeyId} is not configured`);
  return {
    activeKeyId,
    seal(plaintext, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", active, iv);
      cipher.setAAD(Buffer.from(aad, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { keyId: activeKeyId, iv, ciphertext, tag: cipher.getAuthTag() };
    },
    open(sealed, aad) {
      const key = byId.get(sealed.keyId);
      if (!key) throw new VerifierError("unknown_key", `key id ${sealed.keyId} is not configured`);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, sealed.iv);
        decipher.setAAD(Buffer.from(aad, "utf8"));
        decipher.setAuthTag(sealed.tag);
        return new Uint8Array(Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]));
      } catch (cause) {
        throw new VerifierError("decrypt_failed", "a factor secret failed authentication", { cause });
      }
    },
  };
}
