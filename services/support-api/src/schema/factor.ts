import { SUPPORT_NOTE_MAX_LENGTH } from "@factorlens/domain";
import type { FactorView } from "@factorlens/read-models";
import { z } from "zod";
import { maskPhone } from "../auth/mask";
import { SupportApiError } from "../errors";
import { builder } from "./builder";
import { FactorMethodEnum, FactorStatusEnum } from "./enums";
import { DateTime } from "./scalars";
import { noteOf, rule, supportActionField } from "./support-action";
import { UserRef } from "./user";

const Drift = builder.objectRef<{ steps: number; confirmations: number }>("Drift").implement({
  description:
    "Learned clock drift of a TOTP factor in time steps, with how many successful logins confirmed it (the more, the surer).",
  fields: (t) => ({
    steps: t.exposeInt("steps"),
    confirmations: t.exposeInt("confirmations"),
  }),
});

export const Factor = builder.objectRef<FactorView>("Factor").implement({
  description: "A second factor of the user. No secret, code or fingerprint is exposed.",
  fields: (t) => ({
    id: t.exposeID("factorId"),
    method: t.field({ type: FactorMethodEnum, resolve: (f) => f.method }),
    status: t.field({ type: FactorStatusEnum, resolve: (f) => f.state }),
    enrolledAt: t.field({ type: DateTime, nullable: true, resolve: (f) => f.enrollmentStartedAt }),
    confirmedAt: t.field({ type: DateTime, nullable: true, resolve: (f) => f.confirmedAt }),
    disabledAt: t.field({ type: DateTime, nullable: true, resolve: (f) => f.disabledAt }),
    lastSuccessAt: t.field({ type: DateTime, nullable: true, resolve: (f) => f.lastSuccessAt }),
    consecutiveFailures: t.exposeInt("consecutiveFailures"),
    phoneMasked: t.string({
      nullable: true,
      resolve: (f) => (f.maskedPhone === null ? null : maskPhone(f.maskedPhone)),
    }),
    drift: t.field({
      type: Drift,
      nullable: true,
      resolve: (f) =>
        f.driftSteps === null ? null : { steps: f.driftSteps, confirmations: f.driftConfirmations },
    }),
  }),
});

builder.objectFields(UserRef, (t) => ({
  factors: t.field({ type: [Factor], resolve: (u) => u.state.factors }),
}));

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
supportActionField("resetDrift", {
  description: "Forgets the learned clock drift of a TOTP factor.",
  scope: "agent",
  input: FactorActionInput,
  // the reason is recorded as the note when there is none
  rules: z.preprocess(
    (input) => {
      const { note, reason } = input as { note?: string | null; reason: string };
      return { ...(input as object), note: note ?? reason };
    },
    z.object({ userId: rule.userId, factorId: rule.id, note: rule.note }),
  ),
  run: (ctx, actor, { userId, factorId, note }) =>
    ctx.deps.actions.resetDrift(actor, userId, { factorId, note }),
});
/** The lead's two changes of a factor, with a reason: the same input, rules and shape of call. */
for (const [name, description] of [
  ["resetFactor", "Resets a factor: the user must enroll it again. Needs a support lead (or admin)."],
  ["disableFactor", "Disables a factor (FactorDisabled by support). Needs a support lead (or admin)."],
] as const)
  supportActionField(name, {
    description,
    scope: "lead",
    input: FactorActionInput,
    rules: z.object({
      userId: rule.userId,
      factorId: rule.id,
      reason: rule.reason,
      note: rule.note.nullish(),
    }),
    run: (ctx, actor, { userId, factorId, reason, note }) =>
      ctx.deps.actions[name](actor, userId, { factorId, reason, ...noteOf(note) }),
  });
supportActionField("resyncHotp", {
  description:
    "Resynchronises an HOTP token's counter from two consecutive codes (checked by the verifier); agent, ticket and note are recorded as a ticket note.",
  scope: "agent",
  input: ResyncHotpInput,
  // the note is checked with the codes: a refused request resyncs nothing
  rules: z.object({
    userId: rule.userId,
    factorId: rule.id,
    code1: rule.otpCode,
    code2: rule.otpCode,
    note: rule.note.nullish(),
  }),
  run: async (ctx, actor, { userId, factorId, code1, code2, note }) => {
    const verifier = ctx.deps.verifier;
    if (!verifier) throw new SupportApiError("UNAVAILABLE", "HOTP resync is not configured.");
    const resynced = await verifier.resyncHotp({ userId, factorId, code1, code2 });
    if (!resynced.ok) return resynced;
    // the verifier appended HotpResynced under the support API's key; the agent and ticket:
    const noted = note == null ? "" : `: ${note}`;
    return ctx.deps.actions.addTicketNote(actor, userId, {
      note: `HOTP counter resynchronised by the verifier${noted}`.slice(0, SUPPORT_NOTE_MAX_LENGTH),
    });
  },
});
