/**
 * Support notes are free text written by agents and they travel with SupportActionTaken to Kafka.
 * Free text is where a secret slips out: an agent pasting the code the user read out, a seed from
 * an enrolment screen or the user's phone number. The relay's redaction check only looks at field
 * names and full E.164 numbers (and a refused event stops the relay), so notes are checked here,
 * before any event is decided: anything that looks like a code, a long number, a phone number or
 * a shared secret is refused (never echoed).
 */
export const SUPPORT_NOTE_MAX_LENGTH = 1000;

export type SupportNoteProblem = "empty" | "too_long" | "digits" | "phone_number" | "secret_like" | "otpauth";

/** 6+ digits, optionally separated by single spaces, dots or dashes: OTP codes, phone/card numbers. */
const DIGIT_RUN = /\d(?:[\s.-]?\d){5,}/;
const PLUS_NUMBER = /\+\s?\d(?:[\s().-]?\d){6,}/;
/** A base32 seed of 16+ characters: one run, or groups of 4 as authenticator apps show it. */
const BASE32_RUN = /(?<![A-Za-z0-9])(?:[A-Z2-7]{16,}|(?:[A-Z2-7]{4}[\s-]){3,}[A-Z2-7]{2,})(?![A-Za-z0-9])/gi;
const OTPAUTH = /otpauth:\/\//i;

/** Prose has long words and 4-letter words too: a seed has a digit or is all upper case. */
const looksLikeSeed = (run: string): boolean => /[2-7]/.test(run) || run === run.toUpperCase();

/** The first reason a note cannot be recorded, or null when it is fine. */
export function supportNoteProblem(note: string): SupportNoteProblem | null {
  if (note.trim().length === 0) return "empty";
  if (note.length > SUPPORT_NOTE_MAX_LENGTH) return "too_long";
  if (OTPAUTH.test(note)) return "otpauth";
  if (PLUS_NUMBER.test(note)) return "phone_number";
  if (DIGIT_RUN.test(note)) return "digits";
  for (const [run] of note.matchAll(BASE32_RUN)) if (looksLikeSeed(run)) return "secret_like";
  return null;
}

export const SUPPORT_NOTE_RULES =
  "a note is 1-1000 characters and holds no codes, runs of 6+ digits, phone numbers or secrets";
