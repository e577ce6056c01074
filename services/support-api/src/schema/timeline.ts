import { SupportApiError } from "../errors";
import { Attempt } from "./attempt";
import { builder } from "./builder";
import { AttemptOutcomeEnum, FactorMethodEnum, MismatchPatternEnum } from "./enums";
import { DateTime } from "./scalars";
import { UserRef } from "./user";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

builder.objectField(UserRef, "timeline", (t) =>
  t.connection({
    type: Attempt,
    description: "Every challenge of the user, newest first. Forward pagination only (first/after).",
    args: {
      method: t.arg({ type: FactorMethodEnum }),
      outcome: t.arg({ type: AttemptOutcomeEnum }),
      pattern: t.arg({ type: MismatchPatternEnum }),
      from: t.arg({ type: DateTime }),
      to: t.arg({ type: DateTime }),
    },
    complexity: (args) => ({ field: 5, multiplier: args.first ?? DEFAULT_PAGE_SIZE }),
    resolve: async (user, args, ctx) => {
      if (args.last != null || args.before != null)
        throw new SupportApiError("INVALID_INPUT", "The timeline pages forwards only (first/after).");
      const first = Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      const page = await ctx.deps.readModels.getUserTimeline(user.userId, {
        first,
        ...(args.after ? { after: args.after } : {}),
        ...(args.method ? { method: args.method } : {}),
        ...(args.outcome ? { outcome: args.outcome } : {}),
        ...(args.pattern ? { pattern: args.pattern } : {}),
        ...(args.from ? { from: args.from } : {}),
        ...(args.to ? { to: args.to } : {}),
      });
      const edges = page.items.map((i) => ({ cursor: i.cursor, node: { row: i.attempt, revealed: true } }));
      return {
        edges,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: args.after != null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  }),
);
