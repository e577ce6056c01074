import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KafkaIntegrationError } from "./errors";
import {
  assertRedacted,
  containsFullPhoneNumber,
  findSecretMaterial,
  isDeniedField,
  redactSecretMaterial,
} from "./redact";

describe("redaction check", () => {
  it.each([
    "secret",
    "totpSecret",
    "seed",
    "otp",
    "otpCode",
    "code",
    "submitted_code",
    "phone",
    "phoneNumber",
    "password",
    "pin",
    "recoveryCodes",
    "private_key",
  ])("refuses the field name %s", (key) => expect(isDeniedField(key)).toBe(true));

  it.each([
    "secretFingerprint",
    "phoneLast4",
    "countryCode",
    "reasonCode",
    "recoveryCodesRemaining",
    "secretKeyId",
    "codeLength",
    "factorId",
    "userId",
    "method",
    "attemptId",
    "digits",
  ])("lets the harmless field %s through", (key) => expect(isDeniedField(key)).toBe(false));

  it("finds full E.164 numbers anywhere in string values, but not masked ones or timestamps", () => {
    expect(containsFullPhoneNumber("+14155550123")).toBe(true);
    expect(containsFullPhoneNumber("sent to +44 20 7946 0958 at noon")).toBe(true);
    expect(containsFullPhoneNumber("+1415****23")).toBe(false);
    expect(containsFullPhoneNumber("2026-11-26T13:44:45+00:00")).toBe(false);
    expect(containsFullPhoneNumber("+49")).toBe(false);
    expect(containsFullPhoneNumber("+44 •••• ••12 34")).toBe(false); // the domain's masked form
  });

  it("reports the path and rule of each finding, nested in objects and arrays", () => {
    const event = {
      data: { userId: "u1", factor: { secret: "JBSWY3DP" }, notes: ["ok", "call +33612345678"] },
    };
    expect(findSecretMaterial(event)).toEqual([
      { path: "data.factor.secret", rule: "denied_field" },
      { path: "data.notes[1]", rule: "full_phone_number" },
    ]);
  });

  it("throws secret_material without echoing the value", () => {
    const err = (() => {
      try {
        assertRedacted({ data: { otpCode: "492039" } });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(KafkaIntegrationError);
    expect((err as KafkaIntegrationError).code).toBe("secret_material");
    expect((err as Error).message).toContain("data.otpCode");
    expect((err as Error).message).not.toContain("492039");
  });

  it("never flags objects whose keys are safe words and whose strings have no '+'", () => {
    const safeKey = fc.constantFrom(
      "userId",
      "factorId",
      "method",
      "outcome",
      "reason",
      "ip",
      "country",
      "attemptId",
    );
    const safeString = fc.string().filter((s) => !s.includes("+"));
    fc.assert(
      fc.property(
        fc.dictionary(safeKey, fc.oneof(safeString, fc.integer(), fc.array(safeString))),
        (data) => {
          expect(findSecretMaterial({ data })).toEqual([]);
        },
      ),
    );
  });

  it("always flags a full number whatever surrounds it (after a space)", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 1, max: 9 }),
        fc.stringMatching(/^\d{7,13}$/),
        (before, cc, rest) => {
          expect(containsFullPhoneNumber(`${before} +${cc}${rest}`)).toBe(true);
        },
      ),
    );
  });
});

describe("redactSecretMaterial", () => {
  it("leaves out denied fields and replaces strings with a full phone number; the copy passes", () => {
    const input = {
      data: { secret: "JBSWY3DPEHPK3PXP", note: "to +14155550123", list: ["ok", "+447911123456"], n: 1 },
      metadata: { matchedSecret: "retired" },
    };
    const { value, findings } = redactSecretMaterial(input);
    expect(findSecretMaterial(value)).toEqual([]);
    expect(value).toEqual({
      data: { note: "[redacted]", list: ["ok", "[redacted]"], n: 1 },
      metadata: { matchedSecret: "retired" },
    });
    expect(findings).toEqual(findSecretMaterial(input));
    expect(input.data.secret).toBe("JBSWY3DPEHPK3PXP"); // a copy
  });

  it("returns the same value when there is nothing to redact", () => {
    const input = { data: { a: "b" } };
    expect(redactSecretMaterial(input)).toEqual({ value: input, findings: [] });
  });
});
