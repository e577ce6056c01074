import fc from "fast-check";
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
const confirm = (code: string, key = secret, nowMs = NOW): TotpDiagnosisInput => ({
  method: "totp",
  nowMs,
  secret: key,
  params: P,
  policy: { window: 1, driftSteps: 0, lastAcceptedStep: null },
  code,
  enrollmentConfirmation: true,
});
const swap = (t: string, i: number) => t.slice(0, i) + t.charAt(i + 1) + t.charAt(i) + t.slice(i + 2);

describe("secret entry typo at enrollment confirmation", () => {
  it("names a changed character from the code of the current step, with its position", () => {
    const d = diagnoseMismatch(confirm(totpCode(typo(5), P, totpStep(NOW, 30))));
    expect(d.pattern).toBe("secret_entry_typo");
    expect(d.evidence).toMatchObject({ secretEdit: "changed", secretEditPosition: 5, offsetSteps: 0 });
    // 32 characters of a 20-byte secret: 31 changes each, plus dropped/doubled/swapped
    // (deduplicated), at two steps each
    expect(d.candidatesTried).toBeGreaterThan(2 * (31 * 32 + 31));
    expect(d.candidatesTried).toBeLessThanOrEqual(2 * (31 * 32 + 64 + 31));
  });

  it("finds a code of the previous step (the 30-s boundary passed), but not of the next one", () => {
    const previous = diagnoseMismatch(confirm(totpCode(typo(5), P, totpStep(NOW, 30) - 1)));
    expect(previous.pattern).toBe("secret_entry_typo");
    expect(previous.evidence).toMatchObject({
      secretEdit: "changed",
      secretEditPosition: 5,
      offsetSteps: -1,
    });
    const next = diagnoseMismatch(confirm(totpCode(typo(5), P, totpStep(NOW, 30) + 1)));
    expect(next.pattern).not.toBe("secret_entry_typo");
  });

  it("property: two neighbouring characters swapped, at the current or the previous step", () => {
    let runs = 0;
    let found = 0;
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: -1, max: 0 }),
        (key, nowMs, i, offset) => {
          const t = encodeBase32(key);
          fc.pre(t.charAt(i) !== t.charAt(i + 1));
          const code = totpCode(decodeBase32(swap(t, i)), P, totpStep(nowMs, 30) + offset);
          runs++;
          const d = diagnoseMismatch(confirm(code, key, nowMs));
          if (d.pattern !== "secret_entry_typo" || d.evidence.secretEdit !== "swapped") return;
          found++;
          expect(d.evidence).toMatchObject({ secretEditPosition: i, offsetSteps: offset });
        },
      ),
      { numRuns: 60, seed: 14 },
    );
    // the others: a probe with fewer candidates, or another edit, matched the code by chance
    expect(found).toBeGreaterThanOrEqual(runs - 3);
  });

  it("property: a changed character at any position and either step is found and placed", () => {
    let found = 0;
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.integer({ min: 0, max: 31 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: -1, max: 0 }),
        (key, i, delta, offset) => {
          const t = encodeBase32(key);
          const c = BASE32_ALPHABET[(BASE32_ALPHABET.indexOf(t.charAt(i)) + delta) % 32] ?? "A";
          const code = totpCode(
            decodeBase32(t.slice(0, i) + c + t.slice(i + 1)),
            P,
            totpStep(NOW, 30) + offset,
          );
          const d = diagnoseMismatch(confirm(code, key));
          if (d.pattern === "secret_entry_typo" && d.evidence.secretEdit === "changed") {
            found++;
            expect(d.evidence.offsetSteps).toBe(offset);
          }
        },
      ),
      { numRuns: 60, seed: 7 },
    );
    expect(found).toBeGreaterThanOrEqual(57); // the rest: an earlier probe matched by chance
  });
});
