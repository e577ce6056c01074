import { SUPPORT_NOTE_MAX_LENGTH, SUPPORT_NOTE_RULES } from "@factorlens/domain";
import type { AuditEntry } from "@factorlens/read-models";
import { z } from "zod";
import { SupportApiError } from "../errors";
import { builder } from "./builder";
import { DateTime } from "./scalars";
import { rule, supportActionField } from "./support-action";
import { UserRef } from "./user";

const MAX_AUDIT_RANGE_MS = 31 * 86_400_000;

const SupportRecordKind = builder.enumType("SupportRecordKind", {
  values: ["lookup", "action", "change"] as const,
});

const detail = (r: AuditEntry, key: "note" | "failure") => {
  const v = r.details[key];
  return typeof v === "string" ? v : null;
};

const SupportRecord = builder.objectRef<AuditEntry>("SupportRecord").implement({
  description: "Who looked at or changed a user, when, under which ticket.",
  fields: (t) => ({
    id: t.exposeID("eventId"),
    at: t.field({ type: DateTime, resolve: (r) => r.occurredAt }),
    actor: t.exposeString("agentId"),
    ticket: t.string({ nullable: true, resolve: (r) => r.ticketRef }),
    userId: t.exposeID("userId"),
    kind: t.field({ type: SupportRecordKind, resolve: (r) => r.kind }),
    action: t.string({ nullable: true, resolve: (r) => r.action }),
    fields: t.exposeStringList("fields"),
    note: t.string({ nullable: true, resolve: (r) => detail(r, "note") }),
    failure: t.string({
      nullable: true,
      description:
        "A lookup that returned nothing: no_such_user, or refused (ticket_required, ticket_malformed, forbidden, rate_limited, too_many_users).",
      resolve: (r) => detail(r, "failure"),
    }),
  }),
});

builder.objectField(UserRef, "supportHistory", (t) =>
  t.field({
    type: [SupportRecord],
    args: { limit: t.arg.int({ required: true, defaultValue: 20 }) },
    complexity: (args) => ({ field: 2, multiplier: args.limit }),
    resolve: async (u, args, ctx) =>
      (await ctx.deps.readModels.getSupportHistory(u.userId, { first: args.limit })).edges.map((e) => e.node),
  }),
);

builder.queryField("auditLog", (t) =>
  t.field({
    type: [SupportRecord],
    description: "Every support lookup and action, newest first (admins only).",
    authScopes: { admin: true },
    args: {
      from: t.arg({ type: DateTime }),
      to: t.arg({ type: DateTime }),
      actor: t.arg.string(),
      userId: t.arg.id(),
      limit: t.arg.int({ required: true, defaultValue: 50 }),
    },
    complexity: (args) => ({ field: 5, multiplier: args.limit }),
    resolve: async (_root, args, ctx) => {
      // default: up to and including now (`to` is exclusive)
      const to = args.to ?? new Date(ctx.deps.clock.now().getTime() + 1);
      const from = args.from ?? new Date(to.getTime() - 86_400_000);
      if (to.getTime() - from.getTime() > MAX_AUDIT_RANGE_MS || from > to)
        throw new SupportApiError("INVALID_INPUT", "Audit range must be ordered and at most 31 days.");
      const page = await ctx.deps.readModels.getAuditLog({
        from: from.toISOString(),
        to: to.toISOString(),
        first: args.limit,
        agentId: args.actor ?? null,
        userId: args.userId == null ? null : String(args.userId),
      });
      return page.edges.map((e) => e.node);
    },
  }),
);

const AddTicketNoteInput = builder.inputType("AddTicketNoteInput", {
  fields: (t) => ({
    userId: t.id({ required: true }),
    ticket: t.string({ required: true }),
    note: t.string({
      required: true,
      description: `Free text, at most ${SUPPORT_NOTE_MAX_LENGTH} characters; ${SUPPORT_NOTE_RULES}.`,
    }),
  }),
});
supportActionField("addTicketNote", {
  description: "Adds a note to the ticket, recorded on the user's stream (SupportActionTaken: note).",
  scope: "agent",
  input: AddTicketNoteInput,
  rules: z.object({ userId: rule.userId, note: rule.note }),
  run: (ctx, actor, { userId, note }) => ctx.deps.actions.addTicketNote(actor, userId, { note }),
});
