import { SUPPORT_NOTE_MAX_LENGTH } from "@factorlens/domain";
import type { FactorView } from "@factorlens/read-models";
import { maskPhone } from "../auth/mask";
import { SupportApiError } from "../errors";
import { builder } from "./builder";
import { FactorMethodEnum, FactorStatusEnum } from "./enums";
import { DateTime } from "./scalars";
import { act, noteOf, otpCode, parseNote, parseReason, SupportActionReceipt } from "./support-action";
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
builder.mutationFields((t) => ({
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
