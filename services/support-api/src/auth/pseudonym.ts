import { createHmac } from "node:crypto";

/**
 * Keyed, non-reversible user reference for fraud analysts: the same user always maps to the same
 * pseudonym (so analysts can correlate), but without the key it cannot be linked to the user id.
 */
export type Pseudonymizer = (userId: string) => string;

export function createPseudonymizer(key: Uint8Array): Pseudonymizer {
  if (key.byteLength < 32) throw new Error("pseudonym key must be at least 32 bytes");
  const k = Buffer.from(key);
  return (userId) => `p_${createHmac("sha256", k).update(userId, "utf8").digest("base64url").slice(0, 24)}`;
}
