import { DomainError } from "./domain-error";

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

/** Calling code → country where it is unambiguous (small table; +1 and +7 are shared, so absent). */
const COUNTRY_BY_CODE = new Map(
  (
    "20:EG 27:ZA 30:GR 31:NL 32:BE 33:FR 34:ES 36:HU 40:RO 41:CH 43:AT 44:GB 45:DK 46:SE 47:NO " +
    "48:PL 49:DE 51:PE 52:MX 53:CU 54:AR 55:BR 56:CL 57:CO 58:VE 60:MY 61:AU 62:ID 63:PH 64:NZ " +
    "65:SG 66:TH 81:JP 82:KR 84:VN 86:CN 90:TR 91:IN 92:PK 94:LK 95:MM 98:IR 234:NG 254:KE " +
    "351:PT 353:IE 358:FI 380:UA 420:CZ 852:HK 886:TW 971:AE 972:IL 966:SA"
  )
    .split(" ")
    .map((pair) => pair.split(":") as [string, string]),
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

/** ISO 3166-1 alpha-2 country of a number when its calling code is unambiguous, else null. */
export const phoneCountry = (e164: string): string | null =>
  COUNTRY_BY_CODE.get(splitE164(e164).countryCode) ?? null;
