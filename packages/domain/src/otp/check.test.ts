import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkHotp, hotpCode, resyncHotp } from "./hotp";
import { checkTotp, totpCode, totpStep } from "./totp";
import type { TotpParams } from "./types";

const P: TotpParams = { algorithm: "SHA1", digits: 6, period: 30 };
const H = { algorithm: "SHA1" as const, digits: 6 as const };
const secretArb = fc.uint8Array({ minLength: 20, maxLength: 20 });
const nowArb = fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 });

describe("checkTotp", () => {
  it("never accepts a step outside [now+drift−window, now+drift+window] nor one ≤ lastAcceptedStep", () => {
    fc.assert(
      fc.property(
        secretArb,
        nowArb,
        fc.integer({ min: -40, max: 40 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: -5, max: 5 }),
        fc.option(fc.integer({ min: -6, max: 6 }), { nil: null }),
        (secret, nowMs, delta, window, driftSteps, lastDelta) => {
          const current = totpStep(nowMs, 30);
          const last = lastDelta === null ? null : current + lastDelta;
          const code = totpCode(secret, P, current + delta);
          const result = checkTotp(secret, P, { window, driftSteps, lastAcceptedStep: last }, code, nowMs);
          if (result.ok) {
            expect(Math.abs(result.step - (current + driftSteps))).toBeLessThanOrEqual(window);
            if (last !== null) expect(result.step).toBeGreaterThan(last);
            expect(result.offset).toBe(result.step - current);
          }
          const inWindow = Math.abs(current + delta - (current + driftSteps)) <= window;
          const fresh = last === null || current + delta > last;
          if (inWindow && fresh) expect(result.ok).toBe(true);
          if (inWindow && !fresh && !result.ok) expect(result.reason).toBe("replayed");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("rejects malformed codes without computing anything", () => {
    const secret = new Uint8Array(20).fill(1);
    const policy = { window: 1, driftSteps: 0, lastAcceptedStep: null };
    for (const code of ["", "12345", "1234567", "12a456", " 123456", "١٢٣٤٥٦"]) {
      expect(checkTotp(secret, P, policy, code, 1e12)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("reports the offset of the matched step and uses the learned drift", () => {
    const secret = new Uint8Array(20).fill(9);
    const now = 1_700_000_000_000;
    const current = totpStep(now, 30);
    const code = totpCode(secret, P, current + 4);
    expect(checkTotp(secret, P, { window: 1, driftSteps: 0, lastAcceptedStep: null }, code, now).ok).toBe(
      false,
    );
    expect(checkTotp(secret, P, { window: 1, driftSteps: 3, lastAcceptedStep: null }, code, now)).toEqual({
      ok: true,
      step: current + 4,
      offset: 4,
    });
  });
});

describe("checkHotp and resyncHotp", () => {
  const secret = new Uint8Array(Buffer.from("12345678901234567890"));
  it("accepts within the look-ahead and advances the counter", () => {
    expect(checkHotp(secret, H, { counter: 2, lookAhead: 10 }, "520489")).toEqual({
      ok: true,
      matchedCounter: 9,
      nextCounter: 10,
    });
    expect(checkHotp(secret, H, { counter: 2, lookAhead: 5 }, "520489")).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(checkHotp(secret, H, { counter: 3, lookAhead: 5 }, "287082")).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(checkHotp(secret, H, { counter: 0, lookAhead: 5 }, "28708")).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("resyncs from two consecutive codes anywhere within maxSearch", () => {
    fc.assert(
      fc.property(
        secretArb,
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 998 }),
        (key, base, ahead) => {
          const c = base + ahead;
          const r = resyncHotp(key, H, base, hotpCode(key, H, c), hotpCode(key, H, c + 1), 1000);
          expect(r).toEqual({ nextCounter: c + 2 });
        },
      ),
      { numRuns: 30 },
    );
    expect(resyncHotp(secret, H, 0, "755224", "359152")).toBeNull(); // not consecutive
    expect(resyncHotp(secret, H, 5, "755224", "287082")).toBeNull(); // behind the counter
    expect(resyncHotp(secret, H, 0, "359152", "969429", 3)).toEqual({ nextCounter: 4 });
    expect(resyncHotp(secret, H, 0, "969429", "338314", 3)).toBeNull(); // first code at counter 3 = 0 + maxSearch
  });
});
