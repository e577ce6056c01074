/**
 * Lifting the verifier's SMS guard block of a number prefix (SMS pumping protection): a support
 * lead or an admin, under a ticket and with a reason. Recorded as SmsBlockLifted on the prefix's
 * stream (audited like every support change); the verifier honours it on its next send there.
 */
import { SUPPORT_NOTE_RULES, supportNoteProblem } from "@factorlens/domain";
import { parseTicket } from "../access/ticket";
import { SupportApiError } from "../errors";
import { builder } from "./builder";

interface LiftReceipt {
  numberPrefix: string;
  eventIds: string[];
  revision: number;
}

const SmsBlockLiftReceipt = builder.objectRef<LiftReceipt>("SmsBlockLiftReceipt").implement({
  description: "The lift was decided and appended to the prefix's stream as SmsBlockLifted.",
  fields: (t) => ({
    numberPrefix: t.exposeString("numberPrefix", {
      description: "Calling code and national digits, e.g. +23276.",
    }),
    eventIds: t.exposeIDList("eventIds"),
    streamRevision: t.exposeInt("revision"),
  }),
});

const LiftSmsBlockInput = builder.inputType("LiftSmsBlockInput", {
  fields: (t) => ({
    numberPrefix: t.string({
      required: true,
      description: "The prefix the SMS guard refuses (SmsSendRefused.numberPrefix), e.g. +23276.",
    }),
    ticket: t.string({ required: true }),
    reason: t.string({ required: true, description: `At most 500 characters; ${SUPPORT_NOTE_RULES}.` }),
  }),
});

const PREFIX = /^\+[1-9]\d{0,6}$/;

builder.mutationFields((t) => ({
  liftSmsBlock: t.field({
    type: SmsBlockLiftReceipt,
    description:
      "Lets SMS go again to a prefix the SMS guard refuses (SmsBlockLifted). Needs a support lead (or admin).",
    authScopes: { lead: true },
    errors: {},
    args: { input: t.arg({ type: LiftSmsBlockInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const actor = { agentId: ctx.principal!.subject, ticket: parseTicket(input.ticket) };
      if (!PREFIX.test(input.numberPrefix))
        throw new SupportApiError("INVALID_INPUT", "numberPrefix must be + and 1 to 7 digits, e.g. +23276.");
      const reason = input.reason.trim();
      if (reason.length === 0 || reason.length > 500)
        throw new SupportApiError("INVALID_INPUT", "Reason is empty or too long.");
      if (supportNoteProblem(reason) !== null)
        throw new SupportApiError("INVALID_INPUT", `Reason refused: ${SUPPORT_NOTE_RULES}.`);
      const result = await ctx.deps.actions.liftSmsBlock(actor, { numberPrefix: input.numberPrefix, reason });
      if (!result.ok) throw new SupportApiError(result.code, result.message);
      return { numberPrefix: input.numberPrefix, eventIds: result.eventIds, revision: result.revision };
    },
  }),
}));
