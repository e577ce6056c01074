import type { SmsDeliveryView } from "@factorlens/read-models";
import { maskPhone } from "../auth/mask";
import { builder } from "./builder";
import { DateTime } from "./scalars";
import { UserRef } from "./user";

const SmsDelivery = builder.objectRef<SmsDeliveryView>("SmsDelivery").implement({
  description: "One SMS sent to the user, with its carrier delivery state. The number is masked; no code.",
  fields: (t) => ({
    attemptId: t.exposeID("attemptId"),
    factorId: t.id({ nullable: true, resolve: (s) => s.factorId }),
    phoneMasked: t.string({
      nullable: true,
      resolve: (s) => (s.maskedPhone === null ? null : maskPhone(s.maskedPhone)),
    }),
    country: t.string({ nullable: true, resolve: (s) => s.phoneCountry }),
    state: t.string({
      description: "dispatched, delivered, delivery_failed or expired.",
      resolve: (s) => s.smsState ?? "dispatched",
    }),
    failureReason: t.string({ nullable: true, resolve: (s) => s.smsFailureReason }),
    sentAt: t.field({ type: DateTime, resolve: (s) => s.startedAt }),
    updatedAt: t.field({ type: DateTime, nullable: true, resolve: (s) => s.smsUpdatedAt }),
  }),
});

builder.objectField(UserRef, "smsDeliveries", (t) =>
  t.field({
    type: [SmsDelivery],
    args: { limit: t.arg.int({ required: true, defaultValue: 10 }) },
    complexity: (args) => ({ field: 2, multiplier: args.limit }),
    resolve: (u, args, ctx) => ctx.deps.readModels.getRecentSmsDeliveries(u.userId, { limit: args.limit }),
  }),
);
