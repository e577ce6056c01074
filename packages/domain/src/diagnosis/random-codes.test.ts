import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { totpStep } from "../otp/totp";
import { type DiagnosisSearch, prepareDiagnosis } from "./search";

/** Random codes against prepared searches: how often a cause is claimed, and the mean reported p. */
function tally(runs: { search: DiagnosisSearch; codes: number[] }[]) {
  let cases = 0;
  let claims = 0;
  let sumP = 0;
  for (const { search, codes } of runs) {
    for (const value of codes) {
      const d = search.diagnose(value.toString().padStart(6, "0"));
      if (d.evidence.matchesAcceptWindow) continue; // a valid code, not a failure
      cases++;
      sumP += d.coincidenceProbability;
      if (d.pattern !== "no_match") claims++;
    }
  }
  const meanP = sumP / cases;
  return { cases, claims, meanP, sigma: Math.sqrt((meanP * (1 - meanP)) / cases) };
}

const randomCodes = fc.array(fc.integer({ min: 0, max: 999_999 }), { minLength: 100, maxLength: 100 });

/**
 * For uniformly random codes the diagnosis must claim a cause no more often than the coincidence
 * probability it reports. Each prepared factor (its candidate codes computed once) is probed with
 * 100 independent random codes; 120 factors → 12,000 cases.
 */
describe("diagnoseMismatch on uniformly random codes", () => {
  it("claims a cause at a rate ≤ the mean reported coincidence probability + 3σ", () => {
    const factors = fc.sample(
      fc.record({
        secret: fc.uint8Array({ minLength: 20, maxLength: 20 }),
        retired: fc.uint8Array({ minLength: 20, maxLength: 20 }),
        nowMs: fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
        hotp: fc.boolean(),
        confirmation: fc.integer({ min: 0, max: 9 }).map((i) => i === 0),
        codes: randomCodes,
      }),
      { numRuns: 120, seed: 4242 },
    );
    const runs = factors.map((f) => {
      const retiredSecrets = [{ secret: f.retired, retiredAtMs: f.nowMs - 3_600_000 }];
      const current = totpStep(f.nowMs, 30);
      const search = f.hotp
        ? prepareDiagnosis({
            method: "hotp",
            nowMs: f.nowMs,
            secret: f.secret,
            params: { algorithm: "SHA1", digits: 6 },
            policy: { counter: 100, lookAhead: 10 },
            retiredSecrets,
            enrollmentConfirmation: f.confirmation,
          })
        : prepareDiagnosis({
            method: "totp",
            nowMs: f.nowMs,
            secret: f.secret,
            params: { algorithm: "SHA1", digits: 6, period: 30 },
            policy: { window: 1, driftSteps: 0, lastAcceptedStep: current - 2 },
            acceptedSteps: [current - 7],
            retiredSecrets,
            enrollmentConfirmation: f.confirmation,
          });
      return { search, codes: f.codes };
    });
    const { cases, claims, meanP, sigma } = tally(runs);
    const rate = claims / cases;
    console.info(
      `random codes: ${claims}/${cases} claimed (rate ${rate.toExponential(2)}), mean reported p ${meanP.toExponential(2)}, 3σ ${(3 * sigma).toExponential(2)}`,
    );
    expect(cases).toBeGreaterThanOrEqual(10_000);
    expect(rate).toBeLessThanOrEqual(meanP + 3 * sigma);
  });

  it("at enrollment confirmation too (the hand-typed-key search adds ≈ 2,170 candidates)", () => {
    const factors = fc.sample(
      fc.record({
        secret: fc.uint8Array({ minLength: 20, maxLength: 20 }),
        nowMs: fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
        codes: randomCodes,
      }),
      { numRuns: 40, seed: 2121 },
    );
    const runs = factors.map((f) => ({
      codes: f.codes,
      search: prepareDiagnosis({
        method: "totp",
        nowMs: f.nowMs,
        secret: f.secret,
        params: { algorithm: "SHA1", digits: 6, period: 30 },
        policy: { window: 1, driftSteps: 0, lastAcceptedStep: null },
        enrollmentConfirmation: true,
      }),
    }));
    const { cases, claims, meanP, sigma } = tally(runs);
    expect(cases).toBeGreaterThanOrEqual(3_900);
    expect(meanP).toBeGreaterThan(0.002);
    expect(claims / cases).toBeLessThanOrEqual(meanP + 3 * sigma);
  });
});
