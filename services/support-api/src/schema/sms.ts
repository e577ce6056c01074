import { maskPhone } from "../auth/mask";
import type { SmsDeliveryRow } from "../ports";
import { builder } from "./builder";
import { DateTime } from "./scalars";
import { UserRef } from "./user";

const SmsDelivery = builder.objectRef<SmsDeliveryRow>("SmsDelivery").implement({
  description: "One SMS sent to the user, with its carrier delivery state. The number is masked; no code.",
  fields: (t) => ({
    attemptId: t.exposeID("attemptId"),
    factorId: t.id({ nullable: true, resolve: (s) => s.factorId }),
    phoneMasked: t.string({
      nullable: true,
      resolve: (s) => (s.maskedPhone === null ? null : maskPhone(s.maskedPhone)),
    }),
    country: t.string({ nullable: true, resolve: (s) => s.country }),
    state: t.exposeString("state", { description: "dispatched, delivered, delivery_failed or expired." }),
    failureReason: t.string({ nullable: true, resolve: (s) => s.failureReason }),
    sentAt: t.field({ type: DateTime, resolve: (s) => s.sentAt }),
    updatedAt: t.field({ type: DateTime, nullable: true, resolve: (s) => s.updatedAt }),
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
