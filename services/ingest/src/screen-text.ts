/**
 * Inbound text, screened where it enters with the domain's two rules (the ones the verifier's
 * HTTP schemas use): a string the store cannot hold (U+0000, a lone surrogate) is dead-lettered
 * as `unstorable_text` (an append would fail, and fail its whole group commit); free text is
 * screened: a user agent masked, a reason with a code, phone number or secret refused
 * (`free_text_refused`). Reasons name the path and the rule, never the value.
 */
import { FREE_TEXT_RULES, findUnstorableText, freeTextProblem, maskFreeText } from "@factorlens/domain";
import type { ValidatedEvent, ValidationResult } from "./validate";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;

export function screenText(validated: ValidatedEvent): ValidationResult {
  const { data, metadata } = validated.event;
  const unstorable = findUnstorableText({ data, metadata });
  if (unstorable) {
    return { ok: false, kind: "unstorable_text", reason: `${unstorable.path} (${unstorable.problem})` };
  }
  const reason = obj(data.data)?.reason;
  const problem = typeof reason === "string" ? freeTextProblem(reason) : null;
  if (problem !== null) {
    return {
      ok: false,
      kind: "free_text_refused",
      reason: `data.data.reason (${problem}): a reason holds ${FREE_TEXT_RULES}`,
    };
  }
  const context = obj(data.context);
  const userAgent = context?.userAgent;
  if (typeof userAgent !== "string" || maskFreeText(userAgent) === userAgent)
    return { ok: true, event: validated };
  const screened = { ...data, context: { ...context, userAgent: maskFreeText(userAgent) } };
  return { ok: true, event: { ...validated, event: { ...validated.event, data: screened } } };
}
