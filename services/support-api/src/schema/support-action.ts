import { SUPPORT_NOTE_MAX_LENGTH, SUPPORT_NOTE_RULES, supportNoteProblem } from "@factorlens/domain";
import { z } from "zod";
import { parseTicket, parseUserId } from "../access/ticket";
import type { SupportContext } from "../context";
import { SupportApiError } from "../errors";
import type { SupportActionResult, SupportActor } from "../ports";
import { builder } from "./builder";

/*
 * What every support mutation shares: the receipt it returns, how it runs (the agent and ticket
 * from the request, the user id parsed, a refusal as a typed SupportError) and the free-text
 * rules of its inputs. Each mutation sits next to the type it changes (factor.ts, lockout.ts,
 * support-record.ts), its input type next to it.
 */

interface Receipt {
  eventIds: string[];
  revision: number;
}

export const SupportActionReceipt = builder.objectRef<Receipt>("SupportActionReceipt").implement({
  description: "The support action was decided and appended to the user's stream as an event.",
  fields: (t) => ({
    eventIds: t.exposeIDList("eventIds", {
      description:
        "The events appended (SupportActionTaken among them); empty when there was nothing to change.",
    }),
    changed: t.boolean({ resolve: (r) => r.eventIds.length > 0 }),
    streamRevision: t.exposeInt("revision"),
  }),
});

const text = (max: number) => z.string().trim().min(1).max(max);
export const otpCode = z.string().regex(/^\d{6,8}$/);
/**
 * Notes are free text that ends up on Kafka: capped, and refused when they look like a code, a
 * long number, a phone number or a seed (the domain applies the same rule). Never echoed.
 */
const parseFreeText = (value: string, what: "Note" | "Reason", max: number): string => {
  const trimmed = parseText(text(max), value, what);
  if (supportNoteProblem(trimmed) !== null)
    throw new SupportApiError("INVALID_INPUT", `${what} refused: ${SUPPORT_NOTE_RULES}.`);
  return trimmed;
};
export const parseNote = (note: string) => parseFreeText(note, "Note", SUPPORT_NOTE_MAX_LENGTH);
/** Reasons travel in Unlocked/FactorReset events to Kafka too: the same screen applies. */
export const parseReason = (reason: string) => parseFreeText(reason, "Reason", 500);
export const noteOf = (note: string | null | undefined) => (note == null ? {} : { note: parseNote(note) });

export async function act(
  ctx: SupportContext,
  input: { userId: string | number; ticket: string },
  run: (actor: SupportActor, userId: string) => Promise<SupportActionResult>,
): Promise<Receipt> {
  const actor = { agentId: ctx.principal!.subject, ticket: parseTicket(input.ticket) };
  const result = await run(actor, parseUserId(String(input.userId)));
  if (!result.ok) throw new SupportApiError(result.code, result.message);
  return { eventIds: result.eventIds, revision: result.revision };
}

function parseText(schema: z.ZodString, value: string, what: string): string {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new SupportApiError("INVALID_INPUT", `${what} is empty or too long.`);
  return parsed.data;
}
