import { describe, expect, it } from "vitest";
import type { Diagnosis, Searched } from "../diagnosis/schema";
import { totpSearched } from "../diagnosis/test-fixtures";
import { type PatternAttempt, summarizePatterns } from "./summarize";

const NOW = 1_764_000_000_000;
const searched = totpSearched(0);
const none = (codeLength = 6, extra: Searched = {}): Diagnosis => ({
  pattern: "no_match",
  confidence: "low",
  evidence: { codeLength, searched: { ...searched, ...extra } },
  coincidenceProbability: 9e-4,
  candidatesTried: 900,
});
const failed = (minutesAgo: number, diagnosis: Diagnosis, method: PatternAttempt["method"] = "totp") => ({
  atMs: NOW - minutesAgo * 60_000,
  method,
  outcome: "failed" as const,
  diagnosis,
});

describe("no consistent cause: what was checked, and what to do", () => {
  it("lists what was ruled out for every code, the length and the learned drift", () => {
    const s = summarizePatterns([failed(3, none()), failed(2, none()), failed(1, none())], NOW);
    expect(s.dominantPattern).toBe("no_match");
    expect(s.summary).toBe(
      "No known cause explains the codes entered. Checked and ruled out for each of the 3 codes: the phone's clock off by up to 15 minutes either way (the 30 codes before and after), a time-zone error (whole and half hours up to 14 hours either way), a code already used, a typing slip (one digit wrong or two swapped), a counter-based app entry, other app settings (algorithm, digits or period). The codes had the expected 6 digits. The factor has learned no clock drift.",
    );
    expect(s.suggestedSteps).toHaveLength(4);
    expect(s.suggestedSteps[1]).toMatch(/time zone.*more than 15 minutes off is outside the search/);
    expect(s.suggestedSteps[2]).toMatch(/^If fresh codes still fail, re-enroll the factor after verifying/);
  });

  it("only claims what was ruled out for all codes; names a wrong length and a drift behind", () => {
    const short = none(5, { ruledOut: ["digit_typo"], driftSeconds: -60 });
    const s = summarizePatterns([failed(2, none()), failed(1, short)], NOW);
    expect(s.summary).toMatch(
      /Checked and ruled out for each of the 2 codes: a typing slip \(one digit wrong, two swapped, one left out or one typed twice\)\. Some codes had 5 digits; the factor's codes have 6\. The factor has learned that the phone's clock runs 1 minute behind; the search allowed for it\.$/,
    );
  });

  it("keeps the app's steps off an SMS or a hardware token", () => {
    const sms: Diagnosis = {
      ...none(),
      evidence: {
        searched: { ruledOut: ["sms_stale_code", "sms_expired_code", "sms_not_delivered"], smsChallenges: 3 },
      },
    };
    const s = summarizePatterns([failed(1, sms, "sms")], NOW);
    expect(s.summary).toMatch(
      /ruled out for the code: an earlier SMS \(2 earlier messages checked\), the latest SMS's code \(valid or expired\), an undelivered SMS/,
    );
    expect(s.suggestedSteps.join(" ")).not.toMatch(/app|QR/);
    const hotp = summarizePatterns([failed(1, none(), "hotp")], NOW);
    expect(hotp.suggestedSteps[0]).toMatch(/^Ask the user which token they pressed/);
  });

  it("says nothing it does not know: diagnoses without a recorded search keep the short answer", () => {
    const old: Diagnosis = { ...none(), evidence: { codeLength: 6 } };
    expect(summarizePatterns([failed(1, old)], NOW).summary).toBe(
      "No known cause explains the codes entered.",
    );
  });
});
