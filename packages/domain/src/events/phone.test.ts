import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDomainError } from "./domain-error";
import { maskPhone, phoneCountry } from "./phone";
import { MaskedPhone } from "./primitives";

describe("maskPhone", () => {
  it("keeps the country code and the last 4 digits", () => {
    expect(maskPhone("+447911123434")).toBe("+44 •••• ••34 34");
    expect(maskPhone("+14155550123")).toBe("+1 •••• ••01 23");
    expect(maskPhone("+353 87 123 4567")).toBe("+353 •••• •456 7");
  });

  it("refuses non-E.164 input without echoing it", () => {
    try {
      maskPhone("07911 123434");
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e, "invalid_command")).toBe(true);
      expect((e as Error).message).not.toContain("123434");
    }
  });

  it("always yields a MaskedPhone that reveals at most 4 national digits", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+[1-9]\d{7,14}$/), (e164) => {
        const masked = maskPhone(e164);
        expect(MaskedPhone.safeParse(masked).success).toBe(true);
        const revealed = masked.split(" ").slice(1).join("").replace(/•/g, "");
        expect(revealed).toBe(e164.slice(-4));
      }),
    );
  });
});

describe("phoneCountry", () => {
  it("names the region of valid numbers, null for a shared code it cannot decide", () => {
    expect(phoneCountry("+447400123456")).toBe("GB");
    expect(phoneCountry("+447911123434")).toBe("GG"); // a Guernsey mobile range, not the UK
    expect(phoneCountry("+23276123456")).toBe("SL"); // Sierra Leone: a region beyond the common ones
    expect(phoneCountry("+14155552671")).toBe("US"); // +1 is shared: decided by the number itself
    expect(phoneCountry("+4915112345678")).toBe("DE");
    expect(phoneCountry("+11005550123")).toBeNull(); // not a valid NANP number
  });
});
