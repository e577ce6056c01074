import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../events/domain-error";
import { decodeBase32, encodeBase32 } from "./base32";
import { generateSecret, otpauthUri, secretFingerprint } from "./secret";

describe("base32", () => {
  it("round-trips and tolerates spaces, dashes, lower case and padding", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const text = encodeBase32(bytes);
        expect(decodeBase32(text)).toEqual(bytes);
        const messy = `${text.toLowerCase().replace(/(.{4})/g, "$1 ")}-===`;
        expect(decodeBase32(messy)).toEqual(bytes);
      }),
    );
    expect(encodeBase32(new Uint8Array(Buffer.from("Hello!\xde\xad\xbe\xef", "latin1")))).toBe(
      "JBSWY3DPEHPK3PXP",
    );
  });

  it("throws a typed error that does not echo the input", () => {
    for (const bad of ["", "   ", "ABC1", "JBSWY3DP!", "ÄBCD"]) {
      try {
        decodeBase32(bad);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe("invalid_base32");
        if (bad.trim()) expect((error as DomainError).message).not.toContain(bad);
      }
    }
  });
});

describe("secrets", () => {
  it("generates 20 random bytes by default and fingerprints without revealing the secret", () => {
    const a = generateSecret();
    const b = generateSecret(32);
    expect(a).toHaveLength(20);
    expect(b).toHaveLength(32);
    expect(secretFingerprint(a)).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(secretFingerprint(a)).toBe(secretFingerprint(new Uint8Array(a)));
    expect(secretFingerprint(a)).not.toBe(secretFingerprint(b));
    expect(() => generateSecret(8)).toThrow(DomainError);
  });

  it("builds otpauth URIs per the Key Uri Format", () => {
    const secret = decodeBase32("JBSWY3DPEHPK3PXP");
    const totp = otpauthUri({
      issuer: "ACME Co",
      accountName: "john@example.com",
      secret,
      method: "totp",
      params: { algorithm: "SHA256", digits: 8, period: 60 },
    });
    expect(totp).toBe(
      "otpauth://totp/ACME%20Co:john%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60",
    );
    const hotp = otpauthUri({
      issuer: "ACME",
      accountName: "a",
      secret,
      method: "hotp",
      params: { algorithm: "SHA1", digits: 6 },
      counter: 7,
    });
    expect(hotp).toMatch(/^otpauth:\/\/hotp\/ACME:a\?secret=JBSWY3DPEHPK3PXP&.*counter=7/);
  });
});
