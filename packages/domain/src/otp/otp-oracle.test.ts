import fc from "fast-check";
import { generateSync, verifySync } from "otplib";
import { describe, expect, it } from "vitest";
import { createCodeGenerator, generateCodes, Sha1HmacScratch } from "./code-generator";
import { hotpCode } from "./hotp";
import { checkTotp, totpCode, totpStep } from "./totp";
import type { TotpParams } from "./types";

const secretArb = fc.uint8Array({ minLength: 16, maxLength: 64 });
const paramsArb: fc.Arbitrary<TotpParams> = fc.record({
  algorithm: fc.constantFrom("SHA1" as const, "SHA256" as const, "SHA512" as const),
  digits: fc.constantFrom(6 as const, 8 as const),
  period: fc.constantFrom(30 as const, 60 as const),
});
const lower = (p: TotpParams) => p.algorithm.toLowerCase() as "sha1" | "sha256" | "sha512";

describe("otplib 13 as the oracle", () => {
  it("TOTP codes equal otplib's for random secrets, times and parameters", () => {
    fc.assert(
      fc.property(
        secretArb,
        paramsArb,
        fc.integer({ min: 0, max: 4_000_000_000 }),
        (secret, params, seconds) => {
          const ours = totpCode(secret, params, totpStep(seconds * 1000, params.period));
          const theirs = generateSync({
            secret,
            algorithm: lower(params),
            digits: params.digits,
            period: params.period,
            epoch: seconds,
          });
          expect(ours).toBe(theirs);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("HOTP codes and the diagnosis generator equal otplib's", () => {
    fc.assert(
      fc.property(secretArb, paramsArb, fc.maxSafeNat(), (secret, params, counter) => {
        const theirs = generateSync({
          secret,
          strategy: "hotp",
          counter,
          algorithm: lower(params),
          digits: params.digits,
        });
        expect(hotpCode(secret, params, counter)).toBe(theirs);
        expect(createCodeGenerator(secret, params)(counter).toString().padStart(params.digits, "0")).toBe(
          theirs,
        );
      }),
      { numRuns: 300 },
    );
  });

  it("batch codes (two compressions interleaved, odd counts, reused scratch) equal the reference", () => {
    const scratch = new Sha1HmacScratch();
    fc.assert(
      fc.property(
        fc.array(secretArb, { minLength: 1, maxLength: 3 }),
        paramsArb,
        fc.array(fc.maxSafeNat(), { minLength: 1, maxLength: 7 }),
        (secrets, params, counters) => {
          for (const secret of secrets) {
            const expected = counters.map((c) => Number(hotpCode(secret, params, c)));
            expect([...generateCodes(secret, params, counters)]).toEqual(expected);
            if (params.algorithm !== "SHA1") continue;
            const out = new Int32Array(counters.length + 1).fill(-1);
            scratch.setKey(secret);
            scratch.codesInto(counters, params.digits, out, 1);
            expect([...out.subarray(1)]).toEqual(expected);
            expect(out[0]).toBe(-1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a pair whose first counter sits in the ring slot due next keeps its own schedule", () => {
    // Four counters fill the schedule ring and leave slot 0 (counter 10) due for reuse; the pair
    // (10, 99) reads slot 0 for its first code while the second must be scheduled elsewhere.
    const secret = new Uint8Array(20).fill(7);
    const params = { algorithm: "SHA1", digits: 6, period: 30 } as const;
    const scratch = new Sha1HmacScratch();
    scratch.setKey(secret);
    scratch.codesInto([10, 11, 12, 13], 6, new Int32Array(4), 0);
    const out = new Int32Array(2);
    scratch.codesInto([10, 99], 6, out, 0);
    expect([...out]).toEqual([10, 99].map((c) => Number(hotpCode(secret, params, c))));
  });

  it("checkTotp agrees with otplib verifySync (±1 step, afterTimeStep)", () => {
    fc.assert(
      fc.property(
        secretArb,
        paramsArb,
        fc.integer({ min: 1_000_000, max: 3_000_000_000 }),
        fc.integer({ min: -3, max: 3 }),
        fc.option(fc.integer({ min: -2, max: 1 }), { nil: null }),
        (secret, params, seconds, delta, lastDelta) => {
          const step = totpStep(seconds * 1000, params.period);
          const code = totpCode(secret, params, step + delta);
          const last = lastDelta === null ? null : step + lastDelta;
          const ours = checkTotp(
            secret,
            params,
            { window: 1, driftSteps: 0, lastAcceptedStep: last },
            code,
            seconds * 1000,
          );
          const theirs = verifySync({
            secret,
            token: code,
            algorithm: lower(params),
            digits: params.digits,
            period: params.period,
            epoch: seconds,
            epochTolerance: params.period,
            ...(last === null ? {} : { afterTimeStep: last }),
          });
          expect(ours.ok).toBe(theirs.valid);
        },
      ),
      { numRuns: 300 },
    );
  });
});
