import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SUPPORT_NOTE_MAX_LENGTH, supportNoteProblem } from "./support-note";

describe("supportNoteProblem", () => {
  it("accepts ordinary agent prose", () => {
    for (const note of [
      "User confirmed identity by video call; unlocked after 2 failed attempts.",
      "Phone clock was 3 minutes fast, advised enabling automatic time.",
      "Escalated to fraud team, see ticket TCK-42.",
      "user said that they lost their phone; internationalization issue",
    ])
      expect(supportNoteProblem(note)).toBeNull();
  });

  it("refuses codes, long numbers, phone numbers, seeds and otpauth URIs", () => {
    expect(supportNoteProblem("code 123456")).toBe("digits");
    expect(supportNoteProblem("read me 123-456")).toBe("digits");
    expect(supportNoteProblem("call +33 6 12 34 56 78")).toBe("phone_number");
    expect(supportNoteProblem("seed: jbsw y3dp ehpk 3pxp")).toBe("secret_like");
    expect(supportNoteProblem("JBSWY3DPEHPK3PXPJBSWY3DP")).toBe("secret_like");
    expect(supportNoteProblem("otpauth://totp/x")).toBe("otpauth");
    expect(supportNoteProblem("  ")).toBe("empty");
    expect(supportNoteProblem("lost \u0000 phone")).toBe("unstorable");
    expect(supportNoteProblem("lost \ud800 phone")).toBe("unstorable");
    expect(supportNoteProblem("a".repeat(SUPPORT_NOTE_MAX_LENGTH + 1))).toBe("too_long");
  });

  it("any 6-8 digit code embedded in prose is refused", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6,8}$/), fc.string({ maxLength: 40 }), (code, prose) => {
        expect(supportNoteProblem(`${prose} ${code} ${prose}`)).not.toBeNull();
      }),
    );
  });
});
