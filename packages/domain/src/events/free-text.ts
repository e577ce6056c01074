/**
 * The one screening rule for free text that enters an event and leaves on Kafka (support notes,
 * disable/reset reasons, the login's user agent, inbound free text). Free text is where a secret
 * slips out: a code the user read out, a seed from an enrolment screen, a phone number. The
 * relay's redaction check only looks at field names and full E.164 numbers, so text is screened
 * where it enters: refused (notes, reasons: 400 naming the field) or masked (the user agent: a
 * login never fails on its browser's build number).
 */
export type FreeTextProblem = "digits" | "phone_number" | "secret_like" | "otpauth";

/** 6+ digits, optionally separated by single spaces, dots or dashes: OTP codes, phone/card numbers. */
const DIGIT_RUN = /\d(?:[\s.-]?\d){5,}/g;
/** `Chrome/120.0.6099.109`: a product version (after `/`, dot-separated) is not a code. */
const VERSION = /^\d+(?:\.\d+)+$/;
const PLUS_NUMBER = /\+\s?\d(?:[\s().-]?\d){6,}/g;
/** A base32 seed of 16+ characters: one run, or groups of 4 as authenticator apps show it. */
const BASE32_RUN = /(?<![A-Za-z0-9])(?:[A-Z2-7]{16,}|(?:[A-Z2-7]{4}[\s-]){3,}[A-Z2-7]{2,})(?![A-Za-z0-9])/gi;
const OTPAUTH = /otpauth:\/\/\S*/gi;

/** Prose has long words and 4-letter words too: a seed has a digit or is all upper case. */
const looksLikeSeed = (run: string): boolean => /[2-7]/.test(run) || run === run.toUpperCase();

interface Finding {
  problem: FreeTextProblem;
  start: number;
  end: number;
}

/** Every span of `text` the rule objects to, in rule order (otpauth, phone, digits, secret). */
export function freeTextFindings(text: string): Finding[] {
  const found: Finding[] = [];
  const add = (problem: FreeTextProblem, re: RegExp, keep: (m: RegExpMatchArray) => boolean = () => true) => {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      if (keep(m)) found.push({ problem, start, end: start + m[0].length });
    }
  };
  add("otpauth", OTPAUTH);
  add("phone_number", PLUS_NUMBER);
  add("digits", DIGIT_RUN, (m) => !(text[(m.index ?? 0) - 1] === "/" && VERSION.test(m[0])));
  add("secret_like", BASE32_RUN, (m) => looksLikeSeed(m[0]));
  return found;
}

/** The first reason `text` may not enter an event as it is, or null when it is fine. */
export function freeTextProblem(text: string): FreeTextProblem | null {
  return freeTextFindings(text)[0]?.problem ?? null;
}

/** `text` with every objectionable span replaced by bullets of the same length. */
export function maskFreeText(text: string): string {
  const findings = freeTextFindings(text);
  if (findings.length === 0) return text;
  const chars = [...text.split("")];
  for (const f of findings) for (let i = f.start; i < f.end; i++) chars[i] = "•";
  return chars.join("");
}

export const FREE_TEXT_RULES = "no codes, runs of 6+ digits, phone numbers or secrets";
