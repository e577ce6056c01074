import { SUPPORT_NOTE_MAX_LENGTH, SUPPORT_NOTE_RULES, supportNoteProblem } from "@factorlens/domain";
import { z } from "zod";
import { parseTicket, parseUserId } from "../access/ticket";
import type { SupportContext } from "../context";
import { SupportApiError } from "../errors";
import type { SupportActionResult, SupportActor } from "../ports";
import { builder } from "./builder";

interface Receipt {
  eventIds: string[];
  revision: number;
}

const SupportActionReceipt = builder.objectRef<Receipt>("SupportActionReceipt").implement({
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
const otpCode = z.string().regex(/^\d{6,8}$/);
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
const parseNote = (note: string) => parseFreeText(note, "Note", SUPPORT_NOTE_MAX_LENGTH);
/** Reasons travel in Unlocked/FactorReset events to Kafka too: the same screen applies. */
const parseReason = (reason: string) => parseFreeText(reason, "Reason", 500);
const noteOf = (note: string | null | undefined) => (note == null ? {} : { note: parseNote(note) });

async function act(
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

const UnlockUserInput = builder.inputType("UnlockUserInput", {
  fields: (t) => ({
    userId: t.id({ required: true }),
    ticket: t.string({ required: true }),
    reason: t.string({ required: true }),
    note: t.string({ description: "Free-text note recorded with the SupportActionTaken event." }),
  }),
});
const FactorActionInput = builder.inputType("FactorActionInput", {
  fields: (t) => ({
    userId: t.id({ required: true }),
    ticket: t.string({ required: true }),
    factorId: t.id({ required: true }),
    reason: t.string({ required: true }),
    note: t.string({ description: "Free-text note recorded with the SupportActionTaken event." }),
  }),
});
const ResyncHotpInput = builder.inputType("ResyncHotpInput", {
  description: "Two consecutive codes from the token; forwarded to the verifier, never stored or returned.",
  fields: (t) => ({
    userId: t.id({ required: true }),
    ticket: t.string({ required: true }),
    factorId: t.id({ required: true }),
    code1: t.string({ required: true }),
    code2: t.string({ required: true }),
    note: t.string(),
  }),
});
const AddTicketNoteInput = builder.inputType("AddTicketNoteInput", {
  fields: (t) => ({
    userId: t.id({ required: true }),
    ticket: t.string({ required: true }),
    note: t.string({
      required: true,
      description: `Free text, at most ${SUPPORT_NOTE_MAX_LENGTH} characters; ${SUPPORT_NOTE_RULES}.`,
    }),
  }),
});
builder.mutationFields((t) => ({
  addTicketNote: t.field({
    type: SupportActionReceipt,
    description: "Adds a note to the ticket, recorded on the user's stream (SupportActionTaken: note).",
    authScopes: { agent: true },
    errors: {},
    args: { input: t.arg({ type: AddTicketNoteInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      act(ctx, input, (actor, userId) =>
        ctx.deps.actions.addTicketNote(actor, userId, { note: parseNote(input.note) }),
      ),
  }),
  unlockUser: t.field({
    type: SupportActionReceipt,
    description: "Lifts the user's lockout (SupportActionTaken: unlock).",
    authScopes: { agent: true },
    errors: {},
    args: { input: t.arg({ type: UnlockUserInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      act(ctx, input, (actor, userId) =>
        ctx.deps.actions.unlockUser(actor, userId, {
          reason: parseReason(input.reason),
          ...noteOf(input.note),
        }),
      ),
  }),
  resetDrift: t.field({
    type: SupportActionReceipt,
    description: "Forgets the learned clock drift of a TOTP factor.",
    authScopes: { agent: true },
    errors: {},
    args: { input: t.arg({ type: FactorActionInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      act(ctx, input, (actor, userId) =>
        ctx.deps.actions.resetDrift(actor, userId, {
          factorId: String(input.factorId),
          ...noteOf(input.note ?? input.reason),
        }),
      ),
  }),
  resetFactor: t.field({
    type: SupportActionReceipt,
    description: "Resets a factor: the user must enroll it again. Needs a support lead (or admin).",
    authScopes: { lead: true },
    errors: {},
    args: { input: t.arg({ type: FactorActionInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      act(ctx, input, (actor, userId) =>
        ctx.deps.actions.resetFactor(actor, userId, {
          factorId: String(input.factorId),
          reason: parseReason(input.reason),
          ...noteOf(input.note),
        }),
      ),
  }),
  disableFactor: t.field({
    type: SupportActionReceipt,
    description: "Disables a factor (FactorDisabled by support). Needs a support lead (or admin).",
    authScopes: { lead: true },
    errors: {},
    args: { input: t.arg({ type: FactorActionInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      act(ctx, input, (actor, userId) =>
        ctx.deps.actions.disableFactor(actor, userId, {
          factorId: String(input.factorId),
          reason: parseReason(input.reason),
          ...noteOf(input.note),
        }),
      ),
  }),
  resyncHotp: t.field({
    type: SupportActionReceipt,
    description:
      "Resynchronises an HOTP token's counter from two consecutive codes (checked by the verifier); agent, ticket and note are recorded as a ticket note.",
    authScopes: { agent: true },
    errors: {},
    args: { input: t.arg({ type: ResyncHotpInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      act(ctx, input, async (actor, userId) => {
        const verifier = ctx.deps.verifier;
        if (!verifier) throw new SupportApiError("UNAVAILABLE", "HOTP resync is not configured.");
        if (!otpCode.safeParse(input.code1).success || !otpCode.safeParse(input.code2).success)
          throw new SupportApiError("INVALID_INPUT", "Codes must be 6 to 8 digits.");
        const resynced = await verifier.resyncHotp({
          userId,
          factorId: String(input.factorId),
          code1: input.code1,
          code2: input.code2,
        });
        if (!resynced.ok) return resynced;
        // the verifier appended HotpResynced under the support API's key; the agent and ticket:
        const note = input.note == null ? "" : `: ${parseNote(input.note)}`;
        return ctx.deps.actions.addTicketNote(actor, userId, {
          note: `HOTP counter resynchronised by the verifier${note}`.slice(0, SUPPORT_NOTE_MAX_LENGTH),
        });
      }),
  }),
}));
