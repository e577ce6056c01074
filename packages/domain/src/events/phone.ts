import { DomainError } from "./domain-error";
import { describePhone } from "./phone-number";

/**
 * E.164 country calling codes that are 1 or 2 digits long; every other code has 3 digits
 * (ITU-T E.164 assignment). Enough to split a number into country code and national number.
 */
const ONE_DIGIT = new Set(["1", "7"]);
const TWO_DIGIT = new Set(
  "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split(
    " ",
  ),
);

const E164 = /^\+[1-9]\d{7,14}$/;

/** Splits `+441234567890` into `{ countryCode: "44", national: "1234567890" }`. */
export const splitE164 = (e164: string): { countryCode: string; national: string } => {
  const compact = e164.replace(/[\s().-]/g, "");
  if (!E164.test(compact)) throw new DomainError("invalid_command", "phone number is not in E.164 form");
  const digits = compact.slice(1);
  const len = ONE_DIGIT.has(digits.slice(0, 1)) ? 1 : TWO_DIGIT.has(digits.slice(0, 2)) ? 2 : 3;
  return { countryCode: digits.slice(0, len), national: digits.slice(len) };
};

/**
 * `+447911123434` → `+44 •••• ••34 34`: the country code, then the national number with all but
 * its last 4 digits replaced by bullets, in groups of 4. The error never echoes the number.
 */
export const maskPhone = (e164: string): string => {
  const { countryCode, national } = splitE164(e164);
  const masked = "•".repeat(national.length - 4) + national.slice(-4);
  const groups = masked.match(/.{1,4}/gu) ?? [];
  return `+${countryCode} ${groups.join(" ")}`;
};

/**
 * ISO 3166-1 alpha-2 country of a number (libphonenumber's metadata): the number's own region when
 * it is valid, else the calling code's main region, except +1 and +7 (shared by many: null).
 */
export const phoneCountry = (e164: string): string | null => describePhone(e164, 0).country;
