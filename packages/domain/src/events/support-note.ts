/**
 * Support notes are free text written by agents and they travel with SupportActionTaken to Kafka:
 * they are refused (never echoed) when the shared free-text rule (free-text.ts) objects to them.
 */
import { FREE_TEXT_RULES, type FreeTextProblem, freeTextProblem } from "./free-text";
import { isStorableText } from "./storable-text";

export const SUPPORT_NOTE_MAX_LENGTH = 1000;

export type SupportNoteProblem = "empty" | "too_long" | "unstorable" | FreeTextProblem;

/** The first reason a note cannot be recorded, or null when it is fine. */
export function supportNoteProblem(note: string): SupportNoteProblem | null {
  if (note.trim().length === 0) return "empty";
  if (note.length > SUPPORT_NOTE_MAX_LENGTH) return "too_long";
  if (!isStorableText(note)) return "unstorable";
  return freeTextProblem(note);
}

export const SUPPORT_NOTE_RULES = `a note is 1-1000 characters and holds ${FREE_TEXT_RULES}`;
