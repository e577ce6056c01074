import { maskPhone } from "../auth/mask";
import type { FactorRow, LockoutRow } from "../ports";
import { builder } from "./builder";
import { FactorMethodEnum, FactorStatusEnum } from "./enums";
import { DateTime } from "./scalars";
import { UserRef } from "./user";

const Drift = builder.objectRef<{ steps: number; confirmations: number }>("Drift").implement({
  description:
    "Learned clock drift of a TOTP factor in time steps, with how many successful logins confirmed it (the more, the surer).",
  fields: (t) => ({
    steps: t.exposeInt("steps"),
    confirmations: t.exposeInt("confirmations"),
  }),
});

export const Factor = builder.objectRef<FactorRow>("Factor").implement({
  description: "A second factor of the user. No secret, code or fingerprint is exposed.",
  fields: (t) => ({
    id: t.exposeID("factorId"),
    method: t.field({ type: FactorMethodEnum, resolve: (f) => f.method }),
    status: t.field({ type: FactorStatusEnum, resolve: (f) => f.status }),
    enrolledAt: t.field({ type: DateTime, nullable: true, resolve: (f) => f.enrolledAt }),
    confirmedAt: t.field({ type: DateTime, nullable: true, resolve: (f) => f.confirmedAt }),
    disabledAt: t.field({ type: DateTime, nullable: true, resolve: (f) => f.disabledAt }),
    lastSuccessAt: t.field({ type: DateTime, nullable: true, resolve: (f) => f.lastSuccessAt }),
    consecutiveFailures: t.exposeInt("consecutiveFailures"),
    phoneMasked: t.string({
      nullable: true,
      resolve: (f) => (f.maskedPhone === null ? null : maskPhone(f.maskedPhone)),
    }),
    drift: t.field({
      type: Drift,
      nullable: true,
      resolve: (f) =>
        f.driftSteps === null ? null : { steps: f.driftSteps, confirmations: f.driftConfirmations },
    }),
  }),
});

export const Lockout = builder.objectRef<LockoutRow>("Lockout").implement({
  fields: (t) => ({
    locked: t.exposeBoolean("locked"),
    lockedAt: t.field({ type: DateTime, nullable: true, resolve: (l) => l.lockedAt }),
    lockedUntil: t.field({ type: DateTime, nullable: true, resolve: (l) => l.lockedUntil }),
    reason: t.string({ nullable: true, resolve: (l) => l.reason }),
  }),
});

builder.objectFields(UserRef, (t) => ({
  factors: t.field({ type: [Factor], resolve: (u) => u.state.factors }),
  lockout: t.field({ type: Lockout, resolve: (u) => u.state.lockout }),
}));
