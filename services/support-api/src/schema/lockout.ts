import type { LockoutView } from "@factorlens/read-models";
import { z } from "zod";
import { builder } from "./builder";
import { DateTime } from "./scalars";
import { noteOf, rule, supportActionField } from "./support-action";
import { UserRef } from "./user";

/** Whether the user is locked out now (a timed lockout ends by itself; a spent budget by an unlock). */
export const Lockout = builder.objectRef<LockoutView>("Lockout").implement({
  fields: (t) => ({
    locked: t.exposeBoolean("locked"),
    lockedAt: t.field({ type: DateTime, nullable: true, resolve: (l) => l.lockedAt }),
    lockedUntil: t.field({ type: DateTime, nullable: true, resolve: (l) => l.lockedUntil }),
    reason: t.string({ nullable: true, resolve: (l) => l.reason }),
  }),
});

builder.objectField(UserRef, "lockout", (t) => t.field({ type: Lockout, resolve: (u) => u.state.lockout }));

const UnlockUserInput = builder.inputType("UnlockUserInput", {
  fields: (t) => ({
    userId: t.id({ required: true }),
    ticket: t.string({ required: true }),
    reason: t.string({ required: true }),
    note: t.string({ description: "Free-text note recorded with the SupportActionTaken event." }),
  }),
});
supportActionField("unlockUser", {
  description: "Lifts the user's lockout (SupportActionTaken: unlock).",
  scope: "agent",
  input: UnlockUserInput,
  rules: z.object({ userId: rule.userId, reason: rule.reason, note: rule.note.nullish() }),
  run: (ctx, actor, { userId, reason, note }) =>
    ctx.deps.actions.unlockUser(actor, userId, { reason, ...noteOf(note) }),
});
