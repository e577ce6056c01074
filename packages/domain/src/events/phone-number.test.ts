import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDomainError } from "./domain-error";
import { maskPhone } from "./phone";
import { describePhone, E164_IN_USE, MAX_PREFIX_DIGITS } from "./phone-number";

describe("describePhone", () => {
  it("names the country and number type from libphonenumber's metadata", () => {
    expect(describePhone("+23276123456", 2)).toEqual({
      country: "SL",
      numberType: "mobile",
      numberPrefix: "+23276",
    });
    expect(describePhone("+33612341234", 2)).toMatchObject({ country: "FR", numberType: "mobile" });
    expect(describePhone("+19005551234", 3)).toEqual({
      country: "US",
      numberType: "premium_rate",
      numberPrefix: "+1900",
    });
    expect(describePhone("+79161234567", 1)).toMatchObject({ country: "RU", numberPrefix: "+79" });
  });

  it("falls back to the calling code's main country for a number that is not valid, never for +1/+7", () => {
    expect(describePhone("+447700912345", 2)).toMatchObject({ country: "GB", numberType: "unknown" });
    expect(describePhone("+141555512345", 2)).toMatchObject({ country: null, numberType: "unknown" });
  });

  it("keeps at most the configured digits and always hides 2 digits between it and the masked last 4", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\+[1-9]\d{7,14}$/),
        fc.integer({ min: 0, max: MAX_PREFIX_DIGITS }),
        (e164, digits) => {
          let info: ReturnType<typeof describePhone>;
          try {
            info = describePhone(e164, digits);
          } catch {
            return; // not a number libphonenumber can split
          }
          const code = maskPhone(e164).split(" ")[0] ?? "";
          const kept = info.numberPrefix.length - code.length;
          expect(info.numberPrefix.startsWith(code)).toBe(true);
          expect(kept).toBeLessThanOrEqual(digits);
          const national = e164.length - code.length;
          expect(kept).toBeLessThanOrEqual(Math.max(0, national - 6));
        },
      ),
    );
  });

  it("refuses a bad digit count or a non-E.164 input without echoing it", () => {
    expect(() => describePhone("+23276123456", MAX_PREFIX_DIGITS + 1)).toThrow(/prefix digits/);
    try {
      describePhone("076 123456", 2);
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e, "invalid_command")).toBe(true);
      expect((e as Error).message).not.toContain("123456");
    }
  });
});

describe("E164_IN_USE", () => {
  it("matches exactly the E.164-shaped numbers describePhone places (an assigned calling code)", () => {
    expect(E164_IN_USE.test("+447911123456")).toBe(true);
    expect(E164_IN_USE.test("+999123456789")).toBe(false); // 999 is not assigned
    expect(E164_IN_USE.test("+4479111")).toBe(false); // 7 digits: too short for E.164 here
    fc.assert(
      fc.property(fc.stringMatching(/^\+[1-9]\d{7,14}$/), (e164) => {
        let placed = true;
        try {
          describePhone(e164, 2);
        } catch {
          placed = false;
        }
        expect(E164_IN_USE.test(e164)).toBe(placed);
      }),
      { numRuns: 2000 },
    );
  });
});
