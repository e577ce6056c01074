import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { totpCode, totpStep } from "../otp/totp";
import { prepareDiagnosis } from "./search";

const P = { algorithm: "SHA1", digits: 6, period: 30 } as const;
const prepared = (secret: Uint8Array, nowMs: number) =>
  prepareDiagnosis({
    method: "totp",
    nowMs,
    secret,
    params: P,
    policy: { window: 1, driftSteps: 0, lastAcceptedStep: totpStep(nowMs, 30) - 2 },
  });

describe("codes of the wrong length", () => {
  it("finds a dropped or doubled digit of a window code, with its position", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: -1, max: 1 }),
        (secret, nowMs, i, offset) => {
          const valid = totpCode(secret, P, totpStep(nowMs, 30) + offset);
          const search = prepared(secret, nowMs);
          const short = search.diagnose(valid.slice(0, i) + valid.slice(i + 1));
          expect(short.pattern).toBe("digit_typo");
          expect(short.evidence.typoKind).toBe("dropped");
          const long = search.diagnose(valid.slice(0, i + 1) + valid.slice(i));
          expect(long.pattern).toBe("digit_typo");
          expect(long.evidence.typoKind).toBe("doubled");
        },
      ),
      { numRuns: 200 },
    );
  });

  it("claims a slip on random 5- and 7-digit codes no more often than the probability it reports", () => {
    for (const digits of [5, 7]) {
      const factors = fc.sample(
        fc.record({
          secret: fc.uint8Array({ minLength: 20, maxLength: 20 }),
          nowMs: fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
          codes: fc.array(fc.integer({ min: 0, max: 10 ** digits - 1 }), { minLength: 200, maxLength: 200 }),
        }),
        { numRuns: 100, seed: 1414 + digits },
      );
      let cases = 0;
      let claims = 0;
      let sumP = 0;
      for (const f of factors) {
        const search = prepared(f.secret, f.nowMs);
        for (const value of f.codes) {
          const d = search.diagnose(value.toString().padStart(digits, "0"));
          cases++;
          sumP += d.coincidenceProbability;
          if (d.pattern !== "no_match") claims++;
        }
      }
      const meanP = sumP / cases;
      const sigma = Math.sqrt((meanP * (1 - meanP)) / cases);
      // 5 digits: 18 candidates in 10^5 (p ≈ 1.8e-4); 7 digits: 18 in 10^7
      expect(meanP).toBeGreaterThan(0);
      expect(claims / cases).toBeLessThanOrEqual(meanP + 3 * sigma);
    }
  });
});
