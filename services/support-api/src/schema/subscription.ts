import type { AttemptView } from "@factorlens/read-models";
import { openUser } from "../access/open-user";
import { Attempt } from "./attempt";
import { builder } from "./builder";

builder.subscriptionField("userTimeline", (t) =>
  t.field({
    type: Attempt,
    description:
      "The user's new attempts and their diagnosis as they happen (Server-Sent Events). Requires a ticket; opening it is audited like a lookup.",
    // any role may ask: openUser audits a refused lookup before FORBIDDEN
    args: { userId: t.arg.id({ required: true }), ticket: t.arg.string({ required: true }) },
    subscribe: async (_root, args, ctx, info) => {
      const access = await openUser(ctx, { id: String(args.userId), ticket: args.ticket }, info, "Attempt");
      return ctx.deps.feed.subscribe(access.userId);
    },
    resolve: (attempt: AttemptView) => ({ attempt, revealed: true }),
  }),
);
