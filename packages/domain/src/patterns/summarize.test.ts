import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnosis } from "../diagnosis/schema";
import { MISMATCH_PATTERNS } from "../diagnosis/types";
import { SUGGESTED_STEPS } from "./steps";
import { type PatternAttempt, summarizePatterns } from "./summarize";

const NOW = 1_764_000_000_000;
const skewDiagnosis = (skewSeconds: number): Diagnosis => ({
  pattern: "clock_skew",
  confidence: "high",
  evidence: { skewSeconds, offsetSteps: Math.round(skewSeconds / 30) },
  coincidenceProbability: 5.7e-5,
  candidatesTried: 57,
});
const failed = (minutesAgo: number, diagnosis?: Diagnosis): PatternAttempt => ({
  atMs: NOW - minutesAgo * 60_000,
  method: "totp",
  outcome: "failed",
  ...(diagnosis ? { diagnosis } : {}),
});

describe("summarizePatterns", () => {
  it("finds a consistent clock skew, its median and spread, and tells the agent what to do", () => {
    const s = summarizePatterns(
      [failed(9, skewDiagnosis(-105)), failed(6, skewDiagnosis(-95)), failed(2, skewDiagnosis(-90))],
      NOW,
    );
    expect(s.dominantPattern).toBe("clock_skew");
    expect(s.skew).toEqual({ medianSeconds: -95, spreadSeconds: 5, samples: 3 });
    expect(s.confidence).toBe("high");
    expect(s.suggestedSteps[0]).toMatch(/automatic date & time/);
    expect(s.summary).toMatch(/^The phone's clock is about 95 seconds behind the server/);
    expect(s.summary).toMatch(/3 of 3 failed attempts/);
  });

  it("words a time-zone error in hours and quarter hours (+5:45 Nepal, −2:30)", () => {
    const tz = (minutes: number): Diagnosis => ({
      pattern: "timezone_offset",
      confidence: "high",
      evidence: { timezoneOffsetMinutes: minutes, offsetSteps: minutes * 2, skewSeconds: minutes * 60 },
      coincidenceProbability: 1e-3,
      candidatesTried: 1000,
    });
    expect(summarizePatterns([failed(3, tz(345))], NOW).summary).toMatch(
      /^The phone's clock is set about 5 hours 45 minutes ahead, as if set by hand to the wrong time zone/,
    );
    expect(summarizePatterns([failed(3, tz(-150))], NOW).summary).toMatch(/about 2 hours 30 minutes behind/);
    expect(summarizePatterns([failed(3, tz(60))], NOW).summary).toMatch(
      /about 1 hour \(daylight-saving change\?\) ahead/,
    );
    expect(summarizePatterns([failed(3, tz(-180))], NOW).summary).toMatch(/about 3 hours behind/);
  });

  it("says '1 of 1 failed attempt points', and '2 of 2 … point'", () => {
    expect(summarizePatterns([failed(2, skewDiagnosis(-95))], NOW).summary).toMatch(
      /1 of 1 failed attempt points to this\./,
    );
    expect(
      summarizePatterns([failed(2, skewDiagnosis(-95)), failed(1, skewDiagnosis(-90))], NOW).summary,
    ).toMatch(/2 of 2 failed attempts point to this\./);
  });

  it("does not headline one coincidental match among unexplained failures", () => {
    const tz: Diagnosis = {
      pattern: "timezone_offset",
      confidence: "low",
      evidence: { timezoneOffsetMinutes: 90, offsetSteps: 180, skewSeconds: 5400 },
      coincidenceProbability: 3e-3,
      candidatesTried: 3000,
    };
    const none: Diagnosis = { ...tz, pattern: "no_match", evidence: {} };
    const s = summarizePatterns([failed(3, tz), failed(2, none), failed(1, none)], NOW);
    expect(s.dominantPattern).toBe("no_match");
    expect(s.summary).toMatch(/^No known cause explains the codes entered\./);
    expect(s.summary).toMatch(/1 of 3 diagnosed attempts matched a time-zone error, too few to rely on/);
    expect(s.summary).not.toMatch(/point to this/);
    // with most attempts behind it, the pattern is the headline
    const two = summarizePatterns([failed(3, tz), failed(2, tz), failed(1, none)], NOW);
    expect(two.dominantPattern).toBe("timezone_offset");
  });

  it("words the typing slip of the step as the summary does (a digit left out is not 'one digit wrong')", () => {
    const slip = (typoKind: "substitution" | "transposition" | "dropped" | "doubled"): Diagnosis => ({
      pattern: "digit_typo",
      confidence: "medium",
      evidence: { typoKind, typoPosition: 2, offsetSteps: 0 },
      coincidenceProbability: 1.8e-4,
      candidatesTried: 18,
    });
    const step = (k: Parameters<typeof slip>[0]) =>
      summarizePatterns([failed(1, slip(k))], NOW).suggestedSteps[0];
    expect(step("dropped")).toMatch(/^The code was almost right \(one digit left out\): enter it again/);
    expect(step("doubled")).toMatch(/^The code was almost right \(one digit typed twice\)/);
    expect(step("transposition")).toMatch(/^The code was almost right \(two digits swapped\)/);
    expect(step("substitution")).toMatch(/^The code was almost right \(one digit wrong\)/);
  });

  it("tells a hardware-token user to press again, not to wait 30 seconds", () => {
    const replay: Diagnosis = {
      pattern: "replayed_code",
      confidence: "high",
      evidence: { counter: 4, offsetSteps: -1 },
      coincidenceProbability: 1e-5,
      candidatesTried: 10,
    };
    const hotp = summarizePatterns([{ ...failed(1, replay), method: "hotp" }], NOW);
    expect(hotp.suggestedSteps[0]).toMatch(/press the token's button again/);
    expect(hotp.suggestedSteps.join(" ")).not.toMatch(/30 seconds/);
    expect(summarizePatterns([failed(1, replay)], NOW).suggestedSteps[0]).toMatch(/up to 30 seconds/);
  });

  it("grows confidence with agreeing evidence and lowers it on disagreement", () => {
    const typo: Diagnosis = {
      pattern: "digit_typo",
      confidence: "medium",
      evidence: { typoKind: "substitution", typoPosition: 2, offsetSteps: 0 },
      coincidenceProbability: 1.8e-4,
      candidatesTried: 177,
    };
    const noMatch: Diagnosis = {
      ...typo,
      pattern: "no_match",
      confidence: "low",
      evidence: {},
      coincidenceProbability: 8e-4,
    };
    expect(summarizePatterns([failed(1, typo)], NOW).confidence).toBe("medium");
    expect(summarizePatterns([failed(3, typo), failed(2, typo)], NOW).confidence).toBe("high");
    expect(
      summarizePatterns([failed(4, typo), failed(3, noMatch), failed(2, noMatch), failed(1, noMatch)], NOW)
        .confidence,
    ).toBe("low");
  });

  it("ignores attempts outside the window, notes lockout and a later success", () => {
    const s = summarizePatterns(
      [
        failed(60 * 48, skewDiagnosis(300)),
        failed(5),
        { atMs: NOW - 60_000, method: "totp", outcome: "locked_out" },
      ],
      NOW,
    );
    expect(s.attempts).toBe(2);
    expect(s.lockedOut).toBe(true);
    expect(s.dominantPattern).toBeNull();
    expect(s.suggestedSteps).toContain(
      "The account is locked after repeated failures: unlock it only after verifying the user's identity.",
    );
    const later = summarizePatterns(
      [failed(5, skewDiagnosis(40)), { atMs: NOW - 1000, method: "totp", outcome: "passed" }],
      NOW,
    );
    expect(later.summary).toMatch(/since logged in successfully/);
  });

  it("always returns steps from the catalogue for any mix of diagnoses", () => {
    const diagnosisArb = fc.record({
      pattern: fc.constantFrom(...MISMATCH_PATTERNS),
      confidence: fc.constantFrom("high" as const, "medium" as const, "low" as const),
      evidence: fc.record({ skewSeconds: fc.integer({ min: -900, max: 900 }) }),
      coincidenceProbability: fc.double({ min: 1e-9, max: 0.01, noNaN: true }),
      candidatesTried: fc.nat(5000),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1000), diagnosisArb), { maxLength: 20 }), (rows) => {
        const s = summarizePatterns(
          rows.map(([m, d]) => failed(m, d)),
          NOW,
        );
        expect(s.summary.length).toBeGreaterThan(0);
        if (s.dominantPattern)
          for (const step of SUGGESTED_STEPS[s.dominantPattern]) expect(s.suggestedSteps).toContain(step);
        expect(s.failures).toBe(rows.length);
      }),
    );
  });
});
