import { DEFAULT_PAGE } from "@factorlens/read-models";
import { SupportApiError } from "../errors";
import { Attempt } from "./attempt";
import { builder } from "./builder";
import { AttemptOutcomeEnum, FactorMethodEnum, MismatchPatternEnum } from "./enums";
import { DateTime } from "./scalars";
import { UserRef } from "./user";

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
    complexity: (args) => ({ field: 5, multiplier: args.first ?? DEFAULT_PAGE }),
    resolve: async (user, args, ctx) => {
      if (args.last != null || args.before != null)
        throw new SupportApiError("INVALID_INPUT", "The timeline pages forwards only (first/after).");
      // the page rule (1..MAX_PAGE) is the read models'; the page-size cap names it at validation
      const page = await ctx.deps.readModels.getUserTimeline(user.userId, args);
      return {
        edges: page.edges.map((e) => ({ cursor: e.cursor, node: { attempt: e.node, revealed: true } })),
        pageInfo: {
          ...page.pageInfo,
          hasPreviousPage: args.after != null,
          startCursor: page.edges[0]?.cursor ?? null,
        },
      };
    },
  }),
);
