import type { DiagnosisEvidence } from "../diagnosis/schema";
import type { MismatchPattern } from "../diagnosis/types";
import { spokenDuration } from "./spoken-duration";
import type { SkewEstimate } from "./summarize";

export interface WordingInput {
  dominant: MismatchPattern | null;
  agreeing: number;
  failures: number;
  skew: SkewEstimate | null;
  evidence: DiagnosisEvidence | undefined;
  lockedOut: boolean;
  passedAfterLastFailure: boolean;
  /** Failures that were enrollment confirmations (the first code after scanning). */
  enrollmentFailures?: number;
  /** For no_match: what the search checked and ruled out (see ruledOutSentences). */
  ruledOut?: readonly string[];
  /** The best-supported pattern when it lacked the support of most diagnosed attempts. */
  outvoted?: { pattern: MismatchPattern; count: number; diagnosed: number };
}

export const TYPO_WORDS = {
  substitution: "one digit wrong",
  transposition: "two digits swapped",
  dropped: "one digit left out",
  doubled: "one digit typed twice",
} as const;

/** Short names of the patterns, for sentences. */
export const PATTERN_NAMES: Record<MismatchPattern, string> = {
  clock_skew: "a clock error",
  timezone_offset: "a time-zone error",
  replayed_code: "a reused code",
  stale_secret: "an old app entry",
  digit_typo: "a typing slip",
  counter_mode: "a counter-based app entry",
  wrong_parameters: "other app settings",
  secret_entry_typo: "a mistyped setup key",
  hotp_counter_ahead: "a token pressed ahead",
  sms_stale_code: "an earlier SMS",
  sms_expired_code: "an expired SMS code",
  sms_not_delivered: "an undelivered SMS",
  no_match: "no known cause",
};

function duration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 120) return `${s} seconds`;
  if (s < 3600 - 450) return `${Math.round(s / 60)} minutes`;
  const quarters = Math.round(s / 900); // time zones differ by quarter hours (+5:45, +12:45)
  const hours = Math.floor(quarters / 4);
  const minutes = (quarters % 4) * 15;
  return `${hours} hour${hours === 1 ? "" : "s"}${minutes ? ` ${minutes} minutes` : ""}`;
}

const SECRET_EDITS = {
  changed: (n: number) => `one character wrong (character ${n} of the key)`,
  dropped: (n: number) => `one character left out (character ${n} of the key)`,
  doubled: (n: number) => `one character typed twice (character ${n} of the key)`,
  swapped: (n: number) => `two neighbouring characters swapped (characters ${n} and ${n + 1} of the key)`,
} as const;

/** A setup key typed by hand: which edit, where (1-based), and a code read as the step changed. */
function secretTypoCause(e: DiagnosisEvidence | undefined): string {
  const edit =
    e?.secretEdit === undefined
      ? "a one-character mistake"
      : SECRET_EDITS[e.secretEdit]((e.secretEditPosition ?? 0) + 1);
  const previous =
    e?.offsetSteps === -1
      ? " The code entered was the app's previous one: it changed while the user typed it."
      : "";
  return `The setup key was typed into the app by hand with ${edit}.${previous}`;
}

/** An expired SMS code, with how long codes last and whether it arrived late or was typed late. */
function smsExpiredCause(e: DiagnosisEvidence | undefined): string {
  const head = "The SMS code was right but had expired";
  if (e?.smsValiditySeconds === undefined || e.smsEnteredAfterSeconds === undefined) return `${head}.`;
  const lasts = `codes last ${spokenDuration(e.smsValiditySeconds)}`;
  const entered = spokenDuration(e.smsEnteredAfterSeconds);
  const delivered =
    e.smsDeliveredAfterSeconds === undefined ? null : spokenDuration(e.smsDeliveredAfterSeconds);
  if (e.smsLate === "delivery" && delivered !== null)
    return `${head}: ${lasts}, and the carrier delivered this one ${delivered} after it was sent. It arrived late; the user did not enter it late.`;
  if (e.smsLate === "entry" && delivered !== null)
    return `${head}: ${lasts}; it was delivered ${delivered} after it was sent and entered ${entered} after. It was entered late.`;
  return `${head}: ${lasts}, and it was entered ${entered} after it was sent; no delivery receipt tells whether it arrived late.`;
}

function cause(
  dominant: MismatchPattern,
  skew: SkewEstimate | null,
  e: DiagnosisEvidence | undefined,
): string {
  switch (dominant) {
    case "clock_skew": {
      const seconds = skew?.medianSeconds ?? e?.skewSeconds ?? 0;
      const spread = skew && skew.samples > 1 ? ` (give or take ${skew.spreadSeconds} s)` : "";
      return `The phone's clock is about ${duration(seconds)} ${seconds < 0 ? "behind" : "ahead of"} the server${spread}, so its codes are out of step.`;
    }
    case "timezone_offset": {
      const minutes = e?.timezoneOffsetMinutes ?? 0;
      const dst = Math.abs(minutes) === 60 ? " (daylight-saving change?)" : "";
      return `The phone's clock is set about ${duration(minutes * 60)}${dst} ${minutes < 0 ? "behind" : "ahead"}, as if set by hand to the wrong time zone.`;
    }
    case "replayed_code":
      return "The code had already been used; each code works only once.";
    case "stale_secret":
      return "The codes come from an old entry in the authenticator app, left over from an earlier enrollment.";
    case "digit_typo":
      return `The code was typed almost right (${TYPO_WORDS[e?.typoKind ?? "substitution"]}).`;
    case "counter_mode":
      return "The authenticator entry is set to counter-based instead of time-based.";
    case "wrong_parameters": {
      const alt = e?.altParams ?? {};
      const parts = [
        alt.algorithm ? `the ${alt.algorithm} algorithm` : "",
        alt.digits ? `${alt.digits} digits` : "",
        alt.period ? `a ${alt.period}-second period` : "",
      ].filter(Boolean);
      return `The authenticator entry uses other settings (${parts.join(", ") || "different parameters"}).`;
    }
    case "secret_entry_typo":
      return secretTypoCause(e);
    case "hotp_counter_ahead":
      return `The hardware token is about ${e?.offsetSteps ?? "many"} presses ahead of the server.`;
    case "sms_stale_code":
      return "The code came from an earlier SMS, not the latest one.";
    case "sms_expired_code":
      return smsExpiredCause(e);
    case "sms_not_delivered":
      return e?.deliveryState === "failed"
        ? "The SMS could not be delivered (the carrier reported a failure)."
        : "There is no delivery receipt for the SMS; it probably did not arrive.";
    case "no_match":
      return "No known cause explains the codes entered.";
  }
}

/** One paragraph for the support agent. */
export function describePattern(input: WordingInput): string {
  if (input.failures === 0) return "No failed attempts in this period.";
  if (input.dominant === null)
    return `${input.failures} failed attempt(s) in this period, none diagnosed yet.`;
  const parts = [cause(input.dominant, input.skew, input.evidence)];
  const enrolling = input.enrollmentFailures ?? 0;
  if (enrolling > 0 && enrolling === input.failures) {
    const first = parts[0] ?? "";
    const times = enrolling === 1 ? "once" : `${enrolling} times`;
    parts[0] = `The first code after scanning failed ${times}: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
  } else if (enrolling > 0) {
    parts.push(`${enrolling} of the failures were first codes after scanning (enrollment not confirmed).`);
  }
  if (input.dominant === "no_match") parts.push(...(input.ruledOut ?? []));
  if (input.dominant !== "no_match") {
    const attempts = input.failures === 1 ? "failed attempt" : "failed attempts";
    parts.push(
      `${input.agreeing} of ${input.failures} ${attempts} ${input.agreeing === 1 ? "points" : "point"} to this.`,
    );
  } else if (input.outvoted) {
    const { pattern, count, diagnosed } = input.outvoted;
    parts.push(
      `${count} of ${diagnosed} diagnosed attempts matched ${PATTERN_NAMES[pattern]}, too few to rely on: it may be chance.`,
    );
  }
  if (input.passedAfterLastFailure) parts.push("The user has since logged in successfully.");
  if (input.lockedOut) parts.push("The account is currently locked after repeated failures.");
  return parts.join(" ");
}
