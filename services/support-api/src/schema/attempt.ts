import { openUser } from "../access/open-user";
import { SupportApiError } from "../errors";
import type { AttemptRow } from "../ports";
import { AccountRef } from "./account";
import { builder } from "./builder";
import { AttemptOutcomeEnum, ConfidenceEnum, FactorMethodEnum, MismatchPatternEnum } from "./enums";
import { DateTime } from "./scalars";

/** An attempt as one caller may see it: `revealed` when read by an agent on a ticket. */
export interface AttemptView {
  row: AttemptRow;
  revealed: boolean;
}

const AttemptDiagnosis = builder.objectRef<AttemptRow & { pattern: NonNullable<AttemptRow["pattern"]> }>(
  "AttemptDiagnosis",
);
AttemptDiagnosis.implement({
  description: "Why this code failed, as found by the verifier's bounded search.",
  fields: (t) => ({
    pattern: t.field({ type: MismatchPatternEnum, resolve: (a) => a.pattern }),
    confidence: t.field({ type: ConfidenceEnum, nullable: true, resolve: (a) => a.confidence }),
    coincidenceProbability: t.float({
      nullable: true,
      description: "Chance that a random code would have matched this pattern (lower = stronger evidence).",
      resolve: (a) => a.coincidenceProbability,
    }),
  }),
});

const AttemptContext = builder.objectRef<AttemptRow>("AttemptContext").implement({
  fields: (t) => ({
    ip: t.string({ nullable: true, resolve: (a) => a.ip }),
    country: t.string({ nullable: true, resolve: (a) => a.country }),
    asn: t.int({ nullable: true, resolve: (a) => a.asn }),
    userAgent: t.string({ nullable: true, resolve: (a) => a.userAgent }),
  }),
});

export const Attempt = builder.objectRef<AttemptView>("Attempt").implement({
  description: "One challenge (code check) with its outcome, diagnosis and context. Never the code.",
  fields: (t) => ({
    id: t.id({ resolve: (a) => a.row.attemptId }),
    account: t.field({ type: AccountRef, resolve: (a) => ({ userId: a.row.userId, revealed: a.revealed }) }),
    factorId: t.id({ nullable: true, resolve: (a) => a.row.factorId }),
    method: t.field({ type: FactorMethodEnum, nullable: true, resolve: (a) => a.row.method }),
    outcome: t.field({ type: AttemptOutcomeEnum, resolve: (a) => a.row.outcome }),
    reason: t.string({ nullable: true, resolve: (a) => a.row.reason }),
    at: t.field({ type: DateTime, resolve: (a) => a.row.at }),
    completedAt: t.field({ type: DateTime, nullable: true, resolve: (a) => a.row.completedAt }),
    diagnosis: t.field({
      type: AttemptDiagnosis,
      nullable: true,
      resolve: (a) => (a.row.pattern === null ? null : { ...a.row, pattern: a.row.pattern }),
    }),
    context: t.field({ type: AttemptContext, resolve: (a) => a.row }),
    smsState: t.string({ nullable: true, resolve: (a) => a.row.smsState }),
  }),
});

builder.queryField("attempt", (t) =>
  t.field({
    type: Attempt,
    description:
      "One attempt. Agents must pass a ticket (the lookup is audited) and then see the user id; fraud analysts without a ticket see a pseudonymised account.",
    authScopes: { $any: { agent: true, analyst: true } },
    errors: {},
    args: { id: t.arg.id({ required: true }), ticket: t.arg.string() },
    resolve: async (_root, args, ctx, info) => {
      const row = await ctx.deps.readModels.getAttempt(String(args.id));
      const principal = ctx.principal;
      const asAgent = principal !== null && (args.ticket != null || !principal.roles.has("fraud_analyst"));
      if (!row) throw new SupportApiError("NOT_FOUND", "No such attempt.");
      if (!asAgent) return { row, revealed: false };
      await openUser(ctx, { id: row.userId, ticket: args.ticket }, info, "Attempt");
      return { row, revealed: true };
    },
  }),
);
