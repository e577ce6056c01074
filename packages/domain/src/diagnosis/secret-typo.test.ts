import { describe, expect, it } from "vitest";
import { BASE32_ALPHABET, decodeBase32, encodeBase32 } from "../otp/base32";
import { totpCode, totpStep } from "../otp/totp";
import type { TotpParams } from "../otp/types";
import { diagnoseMismatch } from "./search";
import type { TotpDiagnosisInput } from "./types";

const P: TotpParams = { algorithm: "SHA1", digits: 6, period: 30 };
const NOW = 1_764_000_012_000;
const secret = Uint8Array.from({ length: 20 }, (_, i) => (i * 37 + 11) & 0xff);
const text = encodeBase32(secret);
const typo = (i: number) => {
  const c = text.charAt(i) === BASE32_ALPHABET[0] ? BASE32_ALPHABET[1] : BASE32_ALPHABET[0];
  return decodeBase32(text.slice(0, i) + c + text.slice(i + 1));
};
const confirm = (code: string): TotpDiagnosisInput => ({
  method: "totp",
  nowMs: NOW,
  secret,
  params: P,
  policy: { window: 1, driftSteps: 0, lastAcceptedStep: null },
  code,
  enrollmentConfirmation: true,
});

describe("secret entry typo at enrollment confirmation", () => {
  it("names a changed character from the code of the current step, with its position", () => {
    const d = diagnoseMismatch(confirm(totpCode(typo(5), P, totpStep(NOW, 30))));
    expect(d.pattern).toBe("secret_entry_typo");
    expect(d.evidence).toMatchObject({ secretEdit: "changed", secretEditPosition: 5, offsetSteps: 0 });
    // 32 characters of a 20-byte secret: 31 changes each, plus dropped/doubled (deduplicated).
    expect(d.candidatesTried).toBeGreaterThan(31 * 32);
    expect(d.candidatesTried).toBeLessThan(31 * 32 + 65);
  });

  it("searches the current step only: the typo'd key's code of the previous step is not claimed", () => {
    const d = diagnoseMismatch(confirm(totpCode(typo(5), P, totpStep(NOW, 30) - 1)));
    expect(d.pattern).not.toBe("secret_entry_typo");
  });
});
