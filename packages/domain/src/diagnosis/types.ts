/**
 * The closed set of mismatch patterns a failed code can be explained by. Shared by the
 * diagnosis (one failure), the pattern function (many failures), the events and the read models.
 */
export const MISMATCH_PATTERNS = [
  "clock_skew",
  "timezone_offset",
  "replayed_code",
  "stale_secret",
  "digit_typo",
  "counter_mode",
  "wrong_parameters",
  "secret_entry_typo",
  "hotp_counter_ahead",
  "sms_stale_code",
  "sms_expired_code",
  "sms_not_delivered",
  "no_match",
] as const;
export type MismatchPattern = (typeof MISMATCH_PATTERNS)[number];
