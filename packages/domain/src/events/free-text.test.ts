import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { freeTextProblem, maskFreeText } from "./free-text";

const CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36";

describe("the shared free-text rule", () => {
  it("leaves an ordinary browser user agent as it is (product versions are not codes)", () => {
    expect(freeTextProblem(CHROME)).toBeNull();
    expect(maskFreeText(CHROME)).toBe(CHROME);
  });

  it("masks phone numbers, codes and seeds in place, keeping the rest", () => {
    expect(maskFreeText("app +44 7911 123456 x")).toBe("app ••••••••••••••• x");
    expect(maskFreeText("ua code 492817;")).toBe("ua code ••••••;");
    expect(maskFreeText("seed JBSWY3DPEHPK3PXP.")).toBe("seed ••••••••••••••••.");
    const uri = "otpauth://totp/a?secret=X";
    expect(maskFreeText(`${uri} y`)).toBe(`${"•".repeat(uri.length)} y`);
  });

  it("after masking, nothing is left that the rule objects to, and the length is kept", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.stringMatching(/^\+?\d{6,12}$/), (prose, digits) => {
        const text = `${prose} ${digits} ${prose}`;
        expect(freeTextProblem(text)).not.toBeNull();
        const masked = maskFreeText(text);
        expect(masked).toHaveLength(text.length);
        expect(freeTextProblem(masked)).toBeNull();
        expect(masked).not.toContain(digits);
      }),
    );
  });
});
