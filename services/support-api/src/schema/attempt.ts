import type { AttemptView } from "@factorlens/read-models";
import { openUser } from "../access/open-user";
import { SupportApiError } from "../errors";
import { AccountRef } from "./account";
import { agentOrAnalyst, builder } from "./builder";
import { AttemptOutcomeEnum, ConfidenceEnum, FactorMethodEnum, MismatchPatternEnum } from "./enums";
import { DateTime } from "./scalars";

/** An attempt (the read models' view) as one caller may see it: `revealed` for an agent on a ticket. */
export interface AttemptAccess {
  attempt: AttemptView;
  revealed: boolean;
}

const AttemptDiagnosis = builder.objectRef<AttemptView & { pattern: NonNullable<AttemptView["pattern"]> }>(
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

const AttemptContext = builder.objectRef<AttemptView>("AttemptContext").implement({
  fields: (t) => ({
    ip: t.string({ nullable: true, resolve: (a) => a.ip }),
    country: t.string({ nullable: true, resolve: (a) => a.country }),
    asn: t.int({ nullable: true, resolve: (a) => a.asn }),
    network: t.string({
      nullable: true,
      description: "The network's registered name (the ASN's holder, from the bundled IP database).",
      resolve: (a) => a.asnName,
    }),
    userAgent: t.string({ nullable: true, resolve: (a) => a.userAgent }),
  }),
});

export const Attempt = builder.objectRef<AttemptAccess>("Attempt").implement({
  description: "One challenge (code check) with its outcome, diagnosis and context. Never the code.",
  fields: (t) => ({
    id: t.id({ resolve: (a) => a.attempt.attemptId }),
    account: t.field({
      type: AccountRef,
      resolve: (a) => ({ userId: a.attempt.userId, revealed: a.revealed }),
    }),
    factorId: t.id({ nullable: true, resolve: (a) => a.attempt.factorId }),
    method: t.field({ type: FactorMethodEnum, nullable: true, resolve: (a) => a.attempt.method }),
    outcome: t.field({ type: AttemptOutcomeEnum, resolve: (a) => a.attempt.outcome }),
    reason: t.string({ nullable: true, resolve: (a) => a.attempt.reason }),
    at: t.field({ type: DateTime, resolve: (a) => a.attempt.startedAt }),
    completedAt: t.field({ type: DateTime, nullable: true, resolve: (a) => a.attempt.completedAt }),
    diagnosis: t.field({
      type: AttemptDiagnosis,
      nullable: true,
      resolve: (a) => (a.attempt.pattern === null ? null : { ...a.attempt, pattern: a.attempt.pattern }),
    }),
    context: t.field({ type: AttemptContext, resolve: (a) => a.attempt }),
    smsState: t.string({ nullable: true, resolve: (a) => a.attempt.smsState }),
  }),
});

builder.queryField("attempt", (t) =>
  t.field({
    type: Attempt,
    description:
      "One attempt. Agents must pass a ticket (the lookup is audited) and then see the user id; fraud analysts without a ticket see a pseudonymised account.",
    ...agentOrAnalyst,
    args: { id: t.arg.id({ required: true }), ticket: t.arg.string() },
    resolve: async (_root, args, ctx, info) => {
      const attempt = await ctx.deps.readModels.getAttempt(String(args.id));
      const principal = ctx.principal;
      const asAgent = principal !== null && (args.ticket != null || !principal.roles.has("fraud_analyst"));
      if (!attempt) throw new SupportApiError("NOT_FOUND", "No such attempt.");
      if (!asAgent) return { attempt, revealed: false };
      await openUser(ctx, { id: attempt.userId, ticket: args.ticket }, info, "Attempt");
      return { attempt, revealed: true };
    },
  }),
);
