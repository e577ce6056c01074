import { describe, expect, it } from "vitest";
import { disableRefusalAdvice } from "./disable-refusal";

const AT = Date.UTC(2026, 0, 15, 9, 58, 3);

describe("a refused disable, in words", () => {
  it("says when, why, how long ago the last code was, and the way out for the method", () => {
    const a = disableRefusalAdvice({
      atMs: AT,
      method: "hotp",
      freshVerificationMinutes: 5,
      lastVerifiedAtMs: AT - 42 * 60_000,
    });
    expect(a.sentence).toBe(
      "The user tried to turn off 2FA (hardware token) at 09:58 UTC and was refused: turning it off needs a successful code within the last 5 minutes, and the last one was 42 minutes earlier.",
    );
    expect(a.steps[0]).toBe(
      "Ask the user to log in with a code from the hardware token, then turn 2FA off within 5 minutes of it.",
    );
    expect(a.steps[1]).toMatch(/support lead can disable the factor after verifying the user's identity/);
  });

  it("a user who never logged in with a code, and a 1-minute window", () => {
    const a = disableRefusalAdvice({
      atMs: AT,
      method: "sms",
      freshVerificationMinutes: 1,
      lastVerifiedAtMs: null,
    });
    // "within the last minute", not "the last 1 minute"
    expect(a.sentence).toMatch(/within the last minute, and the user had not logged in with a code yet\.$/);
    expect(a.steps[0]).toMatch(
      /^Ask the user to log in with a code sent by SMS, then turn 2FA off within 1 minute of it/,
    );
  });
});
