/** The factor methods by name, and what the use cases ask of "the method of this factor". */
import type { FactorMethod, FactorState, Verification } from "@factorlens/domain";
import type { AppContext } from "../context";
import type { EnrollOutcome } from "../types";
import { hotpMethod } from "./hotp";
import { smsMethod } from "./sms";
import { totpMethod } from "./totp";
import type { Enrolling, FactorMethodModule, Material } from "./types";

export type { FactorMethodModule, Material };

const METHODS: { [M in FactorMethod]: FactorMethodModule<M> } = {
  totp: totpMethod,
  hotp: hotpMethod,
  sms: smsMethod,
};

export const methodOf = (factor: Pick<FactorState, "method">): FactorMethodModule =>
  METHODS[factor.method] as FactorMethodModule;

/** The material the candidate factors need: their secrets (by factor id) and, for SMS, the recent challenges. */
export async function loadMaterial(
  app: AppContext,
  userId: string,
  factors: readonly FactorState[],
): Promise<{ secrets: Map<string, Uint8Array>; smsRows: Material["smsRows"] }> {
  const secrets = new Map<string, Uint8Array>();
  const needs = (m: FactorMethodModule["material"]) => factors.filter((f) => methodOf(f).material === m);
  await Promise.all(
    needs("secret").map(async (f) => {
      const s = await app.vault.get(userId, f.factorId);
      if (s) secrets.set(f.factorId, s);
    }),
  );
  const smsRows = needs("sms-challenges").length > 0 ? await app.repo.recentSmsChallenges(userId, 10) : [];
  return { secrets, smsRows };
}

export const verificationFor = (
  app: AppContext,
  factor: FactorState,
  code: string,
  nowMs: number,
  m: Material,
): Verification | null => methodOf(factor).verification(app, factor, code, nowMs, m);

/** Enrolling with the request's method: its material and event data, then (after the append) its answer. */
export function enrollerFor(app: AppContext, e: Enrolling<FactorMethod>) {
  const method = METHODS[e.request.method] as FactorMethodModule;
  const { material, data } = method.start(app, e);
  return {
    material,
    data,
    started: (): Promise<EnrollOutcome> => method.started(app, e, material),
  };
}
