import { maskPhone } from "../auth/mask";
import type { SmsDeliveryRow } from "../ports";
import { builder } from "./builder";
import { DateTime } from "./scalars";
import { UserRef } from "./user";

const SmsDelivery = builder.objectRef<SmsDeliveryRow>("SmsDelivery").implement({
  description: "One SMS sent to the user, with its carrier delivery state. The number is masked; no code.",
  fields: (t) => ({
    messageId: t.exposeID("messageId"),
    attemptId: t.id({ nullable: true, resolve: (s) => s.attemptId }),
    phoneMasked: t.string({ resolve: (s) => maskPhone(s.phone) }),
    country: t.string({ nullable: true, resolve: (s) => s.country }),
    status: t.exposeString("status"),
    errorCode: t.string({ nullable: true, resolve: (s) => s.errorCode }),
    sentAt: t.field({ type: DateTime, resolve: (s) => s.sentAt }),
    updatedAt: t.field({ type: DateTime, resolve: (s) => s.updatedAt }),
  }),
});

builder.objectField(UserRef, "smsDeliveries", (t) =>
  t.field({
    type: [SmsDelivery],
    args: { limit: t.arg.int({ required: true, defaultValue: 10 }) },
    complexity: (args) => ({ field: 2, multiplier: args.limit }),
    resolve: (u, args, ctx) => ctx.deps.readModels.getRecentSmsDeliveries(u.userId, args.limit),
  }),
);
