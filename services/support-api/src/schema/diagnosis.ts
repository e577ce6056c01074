import type { PatternRow } from "../ports";
import { Attempt, type AttemptView } from "./attempt";
import { builder } from "./builder";
import { MismatchPatternEnum, PatternWindowEnum } from "./enums";
import { DateTime } from "./scalars";
import { UserRef } from "./user";

const MAX_EVIDENCE = 5;

interface DiagnosisView {
  userId: string;
  pattern: PatternRow["pattern"];
  confidence: number;
  summary: string;
  suggestedSteps: string[];
  evidenceAttemptIds: string[];
}

const Diagnosis = builder.objectRef<DiagnosisView>("Diagnosis").implement({
  description: "The current dominant reason this user's codes fail, in plain language, with what to do.",
  fields: (t) => ({
    pattern: t.field({ type: MismatchPatternEnum, resolve: (d) => d.pattern }),
    confidence: t.exposeFloat("confidence"),
    summary: t.exposeString("summary"),
    suggestedSteps: t.exposeStringList("suggestedSteps"),
    evidence: t.field({
      type: [Attempt],
      description: `Up to ${MAX_EVIDENCE} attempts that support the diagnosis, newest first.`,
      complexity: { field: 5, multiplier: MAX_EVIDENCE },
      resolve: async (d, _args, ctx) => {
        const rows = await Promise.all(
          d.evidenceAttemptIds.slice(0, MAX_EVIDENCE).map((id) => ctx.deps.readModels.getAttempt(id)),
        );
        return rows
          .filter((r) => r !== null && r.userId === d.userId)
          .map((row): AttemptView => ({ row: row!, revealed: true }));
      },
    }),
  }),
});

const MismatchPatternStat = builder.objectRef<PatternRow>("MismatchPatternStat").implement({
  description: "How often one mismatch pattern explained this user's failures in the window.",
  fields: (t) => ({
    pattern: t.field({ type: MismatchPatternEnum, resolve: (p) => p.pattern }),
    factorId: t.id({ nullable: true, resolve: (p) => p.factorId }),
    count: t.exposeInt("count"),
    firstSeenAt: t.field({ type: DateTime, resolve: (p) => p.firstSeenAt }),
    lastSeenAt: t.field({ type: DateTime, resolve: (p) => p.lastSeenAt }),
  }),
});

builder.objectFields(UserRef, (t) => ({
  diagnosis: t.field({
    type: Diagnosis,
    nullable: true,
    args: { window: t.arg({ type: PatternWindowEnum, required: true, defaultValue: 86_400_000 }) },
    complexity: 10,
    resolve: async (u, args, ctx) => {
      const patterns = await ctx.deps.readModels.getUserPatterns(u.userId, args.window);
      const d = ctx.deps.diagnoser.diagnose(patterns);
      return d === null ? null : { userId: u.userId, ...d };
    },
  }),
  mismatchPatterns: t.field({
    type: [MismatchPatternStat],
    args: { window: t.arg({ type: PatternWindowEnum, required: true, defaultValue: 86_400_000 }) },
    complexity: 10,
    resolve: (u, args, ctx) => ctx.deps.readModels.getUserPatterns(u.userId, args.window),
  }),
}));
