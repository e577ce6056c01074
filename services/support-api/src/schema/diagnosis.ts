import type { PatternRow } from "../ports";
import { Attempt, type AttemptAccess } from "./attempt";
import { builder } from "./builder";
import { ConfidenceEnum, MismatchPatternEnum, PatternWindowEnum } from "./enums";
import { DateTime } from "./scalars";
import { answerTicket, type DiagnosisView } from "./ticket-answer";
import { UserRef } from "./user";

const MAX_EVIDENCE = 5;

const Diagnosis = builder.objectRef<DiagnosisView>("Diagnosis").implement({
  description: "The current dominant reason this user's codes fail, in plain language, with what to do.",
  fields: (t) => ({
    pattern: t.field({ type: MismatchPatternEnum, resolve: (d) => d.dominantPattern }),
    factorId: t.exposeID("factorId"),
    confidence: t.field({ type: ConfidenceEnum, resolve: (d) => d.confidence }),
    attempts: t.exposeInt("failures", {
      description: "Failed attempts in the window the pattern was drawn from (successes are not counted).",
    }),
    summary: t.exposeString("summary"),
    suggestedSteps: t.exposeStringList("suggestedSteps"),
    asOf: t.field({ type: DateTime, resolve: (d) => d.asOf }),
    evidence: t.field({
      type: [Attempt],
      description: `Up to ${MAX_EVIDENCE} most recent failed attempts showing the pattern.`,
      complexity: { field: 5, multiplier: MAX_EVIDENCE },
      resolve: async (d, _args, ctx) => {
        const page = await ctx.deps.readModels.getUserTimeline(d.userId, {
          first: MAX_EVIDENCE,
          outcome: "failed",
          pattern: d.dominantPattern,
        });
        return page.edges.map((e): AttemptAccess => ({ attempt: e.node, revealed: true }));
      },
    }),
  }),
});

const MismatchPatternStat = builder.objectRef<PatternRow>("MismatchPatternSummary").implement({
  description: "The pattern function's verdict for one factor over the window.",
  fields: (t) => ({
    factorId: t.exposeID("factorId"),
    dominantPattern: t.field({
      type: MismatchPatternEnum,
      nullable: true,
      resolve: (p) => p.dominantPattern,
    }),
    confidence: t.field({ type: ConfidenceEnum, resolve: (p) => p.confidence }),
    attempts: t.exposeInt("attempts"),
    skewMedianSeconds: t.float({ nullable: true, resolve: (p) => p.skewMedianSeconds }),
    summary: t.exposeString("summary"),
    suggestedSteps: t.exposeStringList("suggestedSteps"),
    asOf: t.field({ type: DateTime, resolve: (p) => p.asOf }),
  }),
});

builder.objectFields(UserRef, (t) => ({
  diagnosis: t.field({
    type: Diagnosis,
    nullable: true,
    description: "Null when there is nothing to tell: no diagnosed failure in the window and no lockout.",
    args: { window: t.arg({ type: PatternWindowEnum, required: true, defaultValue: 86_400_000 }) },
    complexity: 10,
    resolve: (u, args, ctx) => answerTicket(ctx.deps, u, args.window),
  }),
  mismatchPatterns: t.field({
    type: [MismatchPatternStat],
    args: { window: t.arg({ type: PatternWindowEnum, required: true, defaultValue: 86_400_000 }) },
    complexity: 10,
    resolve: (u, args, ctx) => ctx.deps.readModels.getUserPatterns(u.userId, args.window),
  }),
}));
