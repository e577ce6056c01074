import { type NumberType, parsePhoneNumberFromString } from "libphonenumber-js/max";
import metadata from "libphonenumber-js/metadata.max.json";
import { DomainError } from "./domain-error";

/** libphonenumber's number types, in the events' snake_case; `unknown` when the number is not valid. */
export const PHONE_NUMBER_TYPES = [
  "mobile",
  "fixed_line",
  "fixed_line_or_mobile",
  "voip",
  "premium_rate",
  "toll_free",
  "shared_cost",
  "personal_number",
  "pager",
  "uan",
  "voicemail",
  "unknown",
] as const;
export type PhoneNumberType = (typeof PHONE_NUMBER_TYPES)[number];

/** How many national digits a pumping prefix may keep at most (the masked form already shows 4). */
export const MAX_PREFIX_DIGITS = 4;

export interface PhoneNumberInfo {
  /** ISO 3166-1 alpha-2, or null when the calling code is shared (+1, +7) and the number not valid. */
  country: string | null;
  numberType: PhoneNumberType;
  /**
   * `+` calling code and the first national digits (`+23276`): finer than the country, where
   * pumping ranges live. Never more than `MAX_PREFIX_DIGITS` digits, and always at least 6 national
   * digits hidden between it and the masked form's last 4.
   */
  numberPrefix: string;
}

const TYPE: Record<NonNullable<NumberType>, PhoneNumberType> = {
  MOBILE: "mobile",
  FIXED_LINE: "fixed_line",
  FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
  VOIP: "voip",
  PREMIUM_RATE: "premium_rate",
  TOLL_FREE: "toll_free",
  SHARED_COST: "shared_cost",
  PERSONAL_NUMBER: "personal_number",
  PAGER: "pager",
  UAN: "uan",
  VOICEMAIL: "voicemail",
};

const SHARED_CODES = new Set(["1", "7"]);
const mainCountry = (callingCode: string): string | null =>
  SHARED_CODES.has(callingCode)
    ? null
    : ((metadata.country_calling_codes as Record<string, string[] | undefined>)[callingCode]?.[0] ?? null);

/**
 * An E.164 number whose calling code is in use (libphonenumber's metadata), as one pattern a
 * schema can state: `+`, an assigned calling code, then national digits to 8..15 digits in all.
 * `describePhone` places every number it matches.
 */
export const E164_IN_USE: RegExp = (() => {
  const byLength = new Map<number, string[]>();
  // countries' codes, and the non-geographic ones (+800 freephone, +881/+882 satellite, …)
  for (const code of [...Object.keys(metadata.country_calling_codes), ...Object.keys(metadata.nonGeographic)])
    byLength.set(code.length, [...(byLength.get(code.length) ?? []), code]);
  const alternatives = [...byLength]
    .sort(([a], [b]) => a - b)
    .map(([n, codes]) => `(?:${codes.join("|")})\\d{${8 - n},${15 - n}}`);
  return new RegExp(`^\\+(?:${alternatives.join("|")})$`);
})();

/**
 * Country, number type and pumping prefix of an E.164 number (libphonenumber, full metadata).
 * `prefixDigits`: national digits kept after the calling code (0..MAX_PREFIX_DIGITS). The error
 * never echoes the number.
 */
export const describePhone = (e164: string, prefixDigits: number): PhoneNumberInfo => {
  if (!Number.isInteger(prefixDigits) || prefixDigits < 0 || prefixDigits > MAX_PREFIX_DIGITS)
    throw new DomainError("invalid_command", `prefix digits must be 0..${MAX_PREFIX_DIGITS}`);
  const compact = e164.replace(/[\s().-]/g, "");
  const parsed = /^\+[1-9]\d{7,14}$/.test(compact) ? parsePhoneNumberFromString(compact) : undefined;
  if (!parsed) throw new DomainError("invalid_command", "phone number is not in E.164 form");
  const valid = parsed.isValid();
  const type = valid ? parsed.getType() : undefined;
  const national = parsed.nationalNumber;
  const keep = Math.max(0, Math.min(prefixDigits, national.length - 6));
  return {
    country: (valid ? parsed.country : undefined) ?? mainCountry(parsed.countryCallingCode),
    numberType: (type === undefined ? undefined : TYPE[type]) ?? "unknown",
    numberPrefix: `+${parsed.countryCallingCode}${national.slice(0, keep)}`,
  };
};
