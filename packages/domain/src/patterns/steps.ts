import type { DiagnosisEvidence } from "../diagnosis/schema";
import type { MismatchPattern } from "../diagnosis/types";
import type { ChallengeMethod } from "../otp/types";
import { spokenDuration } from "./spoken-duration";
import { TYPO_WORDS } from "./wording";

export const LOCKOUT_STEP =
  "The account is locked after repeated failures: unlock it only after verifying the user's identity.";
export const ANOTHER_METHOD_STEP =
  "Offer another method (a recovery code or another factor) while the problem is fixed.";

/** No cause found: a clock set by hand further off than the search reached is still possible. */
const clockCheckStep = (searchedSeconds: number) =>
  `Check the phone's date, time and time zone against a trusted clock (turn on automatic date & time and automatic time zone): a clock set by hand more than ${spokenDuration(searchedSeconds)} off is outside the search.`;

/** Plain-words steps a support agent can read to the user, per mismatch pattern. */
export const SUGGESTED_STEPS: Record<MismatchPattern, readonly string[]> = {
  clock_skew: [
    "Turn on automatic date & time (network time) on the phone, then try a fresh code.",
    "In Google Authenticator on Android: Settings → Time correction for codes → Sync now. On an iPhone, Google Authenticator has no such menu: it uses the phone's clock, so automatic date & time is the fix.",
  ],
  timezone_offset: [
    "The phone's clock was set by hand to the wrong hour: turn on automatic date & time and automatic time zone.",
    "Check that the time zone on the phone matches where the user is.",
  ],
  replayed_code: [
    "Each code works only once: wait for the next code (up to 30 seconds) and enter that one.",
    "If the user did not just log in themselves, review recent sign-ins for this account.",
  ],
  stale_secret: [
    "The authenticator app still holds the entry from an earlier enrollment: remove the old entry for this account.",
    "Scan the new QR code (or re-enroll) and use the codes of the new entry.",
  ],
  digit_typo: [
    "The code was almost right (one digit wrong or two digits swapped): enter the code again carefully.",
    "Read the code straight from the app just before typing it; avoid copying it from a notification preview.",
  ],
  counter_mode: [
    "The app entry is set to counter-based: remove it and add it again choosing time-based.",
    "Scan the QR code rather than typing the key by hand, so the app picks the right type.",
  ],
  wrong_parameters: [
    "The app entry uses different settings (algorithm, number of digits or period): remove the entry and scan the QR code again.",
    "If the user typed the key by hand, use the QR code instead; it carries the right settings.",
  ],
  secret_entry_typo: [
    "The key was typed into the app with a mistake: remove the entry and scan the QR code, or type the key again carefully.",
  ],
  hotp_counter_ahead: [
    "The hardware token was pressed many times without logging in: resynchronise it with two consecutive codes.",
  ],
  sms_stale_code: [
    "The code came from an earlier SMS: use only the most recent message, or request a new code and wait for it.",
  ],
  sms_expired_code: ["The SMS code had expired: request a new code and enter it within its validity period."],
  sms_not_delivered: [
    "The SMS did not arrive: check the phone number on file and that the phone has signal and can receive texts.",
    "Ask whether the carrier blocks short-code or international messages; try again later or use another method.",
  ],
  no_match: [
    "Ask the user which app and which account entry they read the code from: the codes match nothing this factor could show, as if they came from another account's entry.",
    clockCheckStep(900),
    "If fresh codes still fail, re-enroll the factor after verifying the user's identity: remove the app's entry for this account, then scan the new QR code.",
    ANOTHER_METHOD_STEP,
  ],
};

/** No cause for an SMS or a hardware token: the steps of an app entry do not apply. */
const NO_MATCH_STEPS = {
  sms: [
    "Ask the user to read the code from the latest SMS from us (not an older one, not another service's): it matches none of the recent codes sent.",
    "Check the phone number on file with the user; if it is right, send a new code.",
    ANOTHER_METHOD_STEP,
  ],
  hotp: [
    "Ask the user which token they pressed: the code matches none of this token's next codes nor its used ones.",
    "If codes from this token still fail, re-enroll it after verifying the user's identity.",
    ANOTHER_METHOD_STEP,
  ],
} as const;

/** A hardware token has no period: a replayed HOTP code is fixed by pressing the button again. */
const HOTP_REPLAY_STEP =
  "Each code works only once: press the token's button again for a new code and enter that one.";

/** An expired SMS code: the step for a late delivery (the carrier) or a late entry (the user). */
function smsExpiredStep(e: DiagnosisEvidence | undefined): string | null {
  const validity =
    e?.smsValiditySeconds === undefined ? "its validity period" : spokenDuration(e.smsValiditySeconds);
  if (e?.smsLate === "delivery")
    return "The SMS arrived late (the carrier's delay, not the user): send a new code; if texts keep arriving late, offer another method (an authenticator app does not depend on the carrier).";
  if (e?.smsLate === "entry")
    return `Ask the user to enter the code within ${validity} of the SMS: request a new code and type it as soon as it arrives.`;
  return null;
}

/** The steps for a pattern as they apply to the factor's method (and the evidence, when it tells). */
export function stepsFor(
  pattern: MismatchPattern,
  method: ChallengeMethod | undefined,
  evidence?: DiagnosisEvidence,
): string[] {
  const steps =
    pattern === "no_match" && (method === "sms" || method === "hotp")
      ? [...NO_MATCH_STEPS[method]]
      : [...SUGGESTED_STEPS[pattern]];
  if (pattern === "replayed_code" && method === "hotp") steps[0] = HOTP_REPLAY_STEP;
  // the slip the evidence names, as the summary words it (a digit left out is not "one digit wrong")
  if (pattern === "digit_typo" && evidence?.typoKind !== undefined)
    steps[0] = `The code was almost right (${TYPO_WORDS[evidence.typoKind]}): enter it again carefully, every digit.`;
  const searched = evidence?.searched?.skewSeconds;
  if (pattern === "no_match" && method === "totp" && searched !== undefined)
    steps[1] = clockCheckStep(searched);
  if (pattern === "sms_expired_code") steps[0] = smsExpiredStep(evidence) ?? steps[0]!;
  return steps;
}
