import type { FactorRow, LockoutRow } from "../ports";
import { builder } from "./builder";
import { FactorMethodEnum, FactorStatusEnum } from "./enums";
import { DateTime } from "./scalars";
import { UserRef } from "./user";

const Drift = builder.objectRef<{ steps: number; confidence: number }>("Drift").implement({
  description: "Learned clock drift of a TOTP factor, in time steps, with the confidence of the estimate.",
  fields: (t) => ({
    steps: t.exposeInt("steps"),
    confidence: t.exposeFloat("confidence"),
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
    drift: t.field({
      type: Drift,
      nullable: true,
      resolve: (f) =>
        f.driftSteps === null ? null : { steps: f.driftSteps, confidence: f.driftConfidence ?? 0 },
    }),
  }),
});

export const Lockout = builder.objectRef<LockoutRow>("Lockout").implement({
  fields: (t) => ({
    locked: t.exposeBoolean("locked"),
    lockedUntil: t.field({ type: DateTime, nullable: true, resolve: (l) => l.lockedUntil }),
    consecutiveFailures: t.exposeInt("consecutiveFailures"),
  }),
});

builder.objectFields(UserRef, (t) => ({
  factors: t.field({ type: [Factor], resolve: (u) => u.state.factors }),
  lockout: t.field({ type: Lockout, resolve: (u) => u.state.lockout }),
}));
