import { randomBytes } from "node:crypto";
import { diagnoseMismatch, type HotpDiagnosisInput, hotpCode } from "@factorlens/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createDiagnosisSearches } from "./diagnosis-searches";

const P = { algorithm: "SHA1", digits: 6 } as const;
const secret = randomBytes(20);
const input = (code: string, counter: number): HotpDiagnosisInput => ({
  method: "hotp",
  code,
  nowMs: 1_764_000_000_000,
  secret,
  retiredSecrets: [],
  enrollmentConfirmation: false,
  params: P,
  policy: { counter, lookAhead: 10 },
});

describe("cached HOTP diagnosis searches", () => {
  it("give the same diagnosis as a fresh search, for any sequence of codes and counters", () => {
    const searches = createDiagnosisSearches(4);
    const code = fc.oneof(
      fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, "0")),
      fc.integer({ min: 0, max: 1_200 }).map((c) => hotpCode(secret, P, c)), // replayed, ahead, in window
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(code, fc.constantFrom(5, 5, 5, 40)), { minLength: 1, maxLength: 8 }),
        (seq) => {
          for (const [c, counter] of seq) {
            const cached = searches.hotp("u1", "f1", input(c, counter)).diagnose(c);
            expect(cached).toEqual(diagnoseMismatch(input(c, counter)));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("reuses the search while the counter stands still, and not across counters or factors", () => {
    const searches = createDiagnosisSearches(4);
    const a = searches.hotp("u1", "f1", input("000000", 5));
    expect(searches.hotp("u1", "f1", input("111111", 5))).toBe(a);
    expect(searches.hotp("u1", "f1", input("111111", 6))).not.toBe(a);
    expect(searches.hotp("u1", "f2", input("111111", 5))).not.toBe(a);
  });
});
