import type { DiagnosisEvidence, Searched } from "../diagnosis/schema";
import type { MismatchPattern } from "../diagnosis/types";
import { spokenDuration } from "./spoken-duration";

type Bounds = Searched & { codeLengths: number[] };

/** What each searched explanation covered, in words ("not …" is implied by "ruled out"). */
const ITEMS: Partial<Record<MismatchPattern, (b: Bounds) => string>> = {
  clock_skew: (b) =>
    `the phone's clock off by up to ${spokenDuration(b.skewSeconds ?? 0)} either way` +
    (b.skewSteps ? ` (the ${b.skewSteps} codes before and after)` : ""),
  timezone_offset: (b) =>
    `a time-zone error (whole and half hours up to ${b.timezoneHours ?? 0} hours either way)`,
  replayed_code: (b) =>
    b.hotpBack ? `a code already used (the ${b.hotpBack} before the expected one)` : "a code already used",
  digit_typo: (b) => {
    const right = b.codeLengths.filter((n) => n === b.digits).length;
    if (right === b.codeLengths.length) return "a typing slip (one digit wrong or two swapped)";
    if (right === 0) return "a typing slip (one digit left out or typed twice)";
    return "a typing slip (one digit wrong, two swapped, one left out or one typed twice)";
  },
  counter_mode: () => "a counter-based app entry",
  wrong_parameters: (b) =>
    b.skewSeconds === undefined
      ? "other token settings (algorithm or digits)"
      : "other app settings (algorithm, digits or period)",
  stale_secret: () => "an old app entry from an earlier enrollment",
  secret_entry_typo: () =>
    "a setup key typed by hand with one character wrong, left out, doubled or two swapped",
  hotp_counter_ahead: (b) => `a token pressed up to ${b.hotpAhead ?? 0} times ahead`,
  sms_stale_code: (b) =>
    `an earlier SMS (${(b.smsChallenges ?? 1) - 1} earlier message${b.smsChallenges === 2 ? "" : "s"} checked)`,
  sms_expired_code: () => "the latest SMS's code (valid or expired)",
  sms_not_delivered: () => "an undelivered SMS (the carrier confirmed delivery)",
};

function drift(seconds: number): string {
  if (seconds === 0) return "The factor has learned no clock drift.";
  const way = seconds > 0 ? "ahead" : "behind";
  return `The factor has learned that the phone's clock runs ${spokenDuration(Math.abs(seconds))} ${way}; the search allowed for it.`;
}

/**
 * What the search checked and ruled out for the unexplained codes: the explanations ruled out for
 * every one of them, whether their length was right, and the factor's learned drift. Empty when
 * no diagnosis says what it searched (diagnosed before the search recorded it).
 */
export function ruledOutSentences(unexplained: readonly DiagnosisEvidence[]): string[] {
  const searched = unexplained.filter((e) => e.searched !== undefined);
  const latest = searched.at(-1)?.searched;
  if (latest === undefined) return [];
  const common = (latest.ruledOut ?? []).filter((p) =>
    searched.every((e) => e.searched?.ruledOut?.includes(p)),
  );
  const codeLengths = searched.flatMap((e) => (e.codeLength === undefined ? [] : [e.codeLength]));
  const bounds: Bounds = { ...latest, codeLengths };
  const items = common.flatMap((p) => ITEMS[p]?.(bounds) ?? []);
  const n = searched.length;
  const out: string[] = [];
  if (items.length > 0)
    out.push(
      `Checked and ruled out for ${n === 1 ? "the code" : `each of the ${n} codes`}: ${items.join(", ")}.`,
    );
  if (latest.digits !== undefined && codeLengths.length > 0) {
    const wrong = [...new Set(codeLengths.filter((l) => l !== latest.digits))].sort((a, b) => a - b);
    const codes = n === 1 ? "The code" : "The codes";
    out.push(
      wrong.length === 0
        ? `${codes} had the expected ${latest.digits} digits.`
        : `${n === 1 ? "The code had" : "Some codes had"} ${wrong.join(" or ")} digits; the factor's codes have ${latest.digits}.`,
    );
  }
  if (latest.driftSeconds !== undefined) out.push(drift(latest.driftSeconds));
  return out;
}
