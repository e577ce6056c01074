/**
 * Lifting the verifier's SMS guard block of a number prefix (SMS pumping protection): a support
 * lead or an admin, under a ticket and with a reason. Recorded as SmsBlockLifted on the prefix's
 * stream (audited like every support change); the verifier honours it on its next send there.
 */
import { SUPPORT_NOTE_RULES } from "@factorlens/domain";
import { z } from "zod";
import { builder } from "./builder";
import { actionField, rule } from "./support-action";

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

actionField("liftSmsBlock", {
  type: SmsBlockLiftReceipt,
  description:
    "Lets SMS go again to a prefix the SMS guard refuses (SmsBlockLifted). Needs a support lead (or admin).",
  scope: "lead",
  input: LiftSmsBlockInput,
  rules: z.object({
    numberPrefix: z.string().regex(PREFIX, "numberPrefix must be + and 1 to 7 digits, e.g. +23276."),
    reason: rule.reason,
  }),
  run: (ctx, actor, input) => ctx.deps.actions.liftSmsBlock(actor, input),
  receipt: (receipt, { numberPrefix }) => ({ numberPrefix, ...receipt }),
});
