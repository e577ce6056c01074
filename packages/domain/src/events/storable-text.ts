/**
 * What the event stores can hold. PostgreSQL's jsonb refuses U+0000 (`\u0000 cannot be converted
 * to text`) and an unpaired UTF-16 surrogate (`Unicode low surrogate must follow a high
 * surrogate`); EventStoreDB's JSON cannot carry a lone surrogate either. Such a string passes a
 * plain `z.string()`, so every string that can reach an event is checked with this one rule where
 * it enters: the verifier's HTTP schemas (400 naming the field) and the ingest's validation of
 * inbound messages (dead-letter `unstorable_text`).
 */
import { z } from "zod";

export type UnstorableTextProblem = "nul_character" | "lone_surrogate";

/** U+0000, built from its code so the source holds no control character. */
const NUL_CHAR = String.fromCharCode(0);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE = new RegExp(`${NUL_CHAR}|${LONE_SURROGATE.source}`, "g");

export const STORABLE_TEXT_RULE = "must not contain U+0000 or an unpaired surrogate";

/** Why the store would refuse `text`, or null when it can hold it. */
export function unstorableTextProblem(text: string): UnstorableTextProblem | null {
  if (text.includes(NUL_CHAR)) return "nul_character";
  if (LONE_SURROGATE.test(text)) return "lone_surrogate";
  return null;
}

export const isStorableText = (text: string): boolean => unstorableTextProblem(text) === null;

/** A path made safe to print: the offending characters of a key are replaced by U+FFFD. */
const printable = (key: string) => key.replace(UNSTORABLE, "\ufffd");

/** The first unstorable key or string value in a JSON value (its path, never the value). */
export function findUnstorableText(
  value: unknown,
  path = "",
): { path: string; problem: UnstorableTextProblem } | null {
  if (typeof value === "string") {
    const problem = unstorableTextProblem(value);
    return problem === null ? null : { path, problem };
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorableText(item, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [k, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${printable(k)}` : printable(k);
      const problem = unstorableTextProblem(k);
      if (problem !== null) return { path: childPath, problem };
      const found = findUnstorableText(child, childPath);
      if (found) return found;
    }
  }
  return null;
}

/** `z.string()` that the stores can hold; chain `.min`/`.max`/`.regex` as usual. */
export const StorableString = z.string().refine(isStorableText, STORABLE_TEXT_RULE);
