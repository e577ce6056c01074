import { openUser, type UserAccess } from "../access/open-user";
import { builder } from "./builder";

export const UserRef = builder.objectRef<UserAccess>("User");

UserRef.implement({
  description: "A user opened by a support agent on a ticket. Opening it is audited.",
  fields: (t) => ({
    id: t.exposeID("userId"),
    ticket: t.exposeString("ticket", { description: "The ticket this lookup was made under." }),
  }),
});

builder.queryField("user", (t) =>
  t.field({
    type: UserRef,
    description:
      "Opens a user for a support agent (or lead). Requires a ticket reference; the lookup (agent, user, fields read, ticket) is recorded as a SupportLookupPerformed event before anything is returned, a miss or refusal as SupportLookupFailed. The same user opened again in one request is one event; at most a few users per request (LIMIT_EXCEEDED) and per agent per minute (RATE_LIMITED).",
    // any role may ask: openUser audits a refused lookup (analysts, missing ticket) before FORBIDDEN
    errors: {},
    args: { id: t.arg.id({ required: true }), ticket: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx, info) => openUser(ctx, { id: String(args.id), ticket: args.ticket }, info),
  }),
);
