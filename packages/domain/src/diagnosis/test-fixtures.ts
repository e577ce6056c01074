/** Test-only (not exported from the package): diagnosis values several tests share. */
import type { Searched } from "./schema";

/** What a 6-digit TOTP search with the default limits rules out when nothing explains a code. */
export const totpSearched = (driftSeconds: number): Searched => ({
  ruledOut: [
    "clock_skew",
    "timezone_offset",
    "replayed_code",
    "digit_typo",
    "counter_mode",
    "wrong_parameters",
  ],
  digits: 6,
  skewSeconds: 900,
  skewSteps: 30,
  timezoneHours: 14,
  driftSeconds,
});
