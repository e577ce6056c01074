import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { VerifierError } from "../errors";
import { createKeyring, secretAad } from "./envelope";

const k1 = { id: "k1", key: randomBytes(32) };
const k2 = { id: "k2", key: randomBytes(32) };

describe("AES-256-GCM envelope", () => {
  it("round-trips, with a fresh IV each time and the key id recorded", () => {
    const ring = createKeyring([k1], "k1");
    const secret = randomBytes(20);
    const a = ring.seal(secret, secretAad("u1", "f1"));
    const b = ring.seal(secret, secretAad("u1", "f1"));
    expect(a.keyId).toBe("k1");
    expect(a.iv.length).toBe(12);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(Buffer.from(secret))).toBe(false);
    expect(Buffer.from(ring.open(a, secretAad("u1", "f1"))).equals(secret)).toBe(true);
  });

  it("refuses a ciphertext moved to another factor or user (AAD) or tampered with", () => {
    const ring = createKeyring([k1], "k1");
    const sealed = ring.seal(randomBytes(20), secretAad("u1", "f1"));
    expect(() => ring.open(sealed, secretAad("u1", "f2"))).toThrow(VerifierError);
    expect(() => ring.open(sealed, secretAad("u2", "f1"))).toThrow(VerifierError);
    const tampered = { ...sealed, ciphertext: Buffer.from(sealed.ciphertext) };
    tampered.ciphertext[0] = (tampered.ciphertext[0] ?? 0) ^ 1;
    expect(() => ring.open(tampered, secretAad("u1", "f1"))).toThrow(/failed authentication/);
  });

  it("opens old ciphertexts after rotation to a new active key", () => {
    const old = createKeyring([k1], "k1").seal(Buffer.from("abc"), "aad");
    const rotated = createKeyring([k1, k2], "k2");
    expect(Buffer.from(rotated.open(old, "aad")).toString()).toBe("abc");
    expect(rotated.seal(Buffer.from("abc"), "aad").keyId).toBe("k2");
    expect(() => createKeyring([k2], "k2").open(old, "aad")).toThrow(/not configured/);
  });
});
