/**
 * A factor method as one module: the engine check and the verification the decider takes, the
 * diagnosis input of a failed code, what enrolling needs and answers, and what disabling does to
 * the factor's material. Adding a method (a YubiKey OTP factor) is a file in this folder.
 */
import type { Diagnosis, FactorMethod, FactorState, StartEnrollment, Verification } from "@factorlens/domain";
import type { AppContext } from "../context";
import type { DiagnosisJob } from "../diagnose";
import type { SmsChallengeRow } from "../ports";
import type { CallContext, EnrollInput, EnrollOutcome } from "../types";

/** What checking a code needs besides the factor: its secret, or the user's recent SMS challenges. */
export interface Material {
  secret: Uint8Array | undefined;
  smsRows: readonly SmsChallengeRow[];
}

export interface Enrolling<M extends FactorMethod> {
  userId: string;
  factorId: string;
  request: Extract<EnrollInput, { method: M }>;
  ctx: CallContext;
}

export interface FactorMethodModule<M extends FactorMethod = FactorMethod> {
  method: M;
  /** Where its material lives: the factor's secret in the vault, or SMS challenge rows. */
  material: "secret" | "sms-challenges";
  /** The engine's verdict on `code`, tagged for the decider; null when it cannot be checked. */
  verification(
    app: AppContext,
    factor: FactorState,
    code: string,
    nowMs: number,
    m: Material,
  ): Verification | null;
  /** The diagnosis of a failed code: its input, searched; null when there is nothing to search. */
  diagnose(app: AppContext, job: DiagnosisJob): Promise<Diagnosis | null>;
  /** The material kept in the vault (inert until the enrollment event exists) and the event's data. */
  start(
    app: AppContext,
    e: Enrolling<M>,
  ): { material: Uint8Array; data: Extract<StartEnrollment["data"], { method: M }> };
  /** The answer once the enrollment is recorded (an SMS method sends its first code here). */
  started(app: AppContext, e: Enrolling<M>, material: Uint8Array): Promise<EnrollOutcome>;
  /** After a code of this method was accepted (the SMS guard counts the challenge as converted). */
  passed?(app: AppContext, verification: Verification): void;
  /** After the factor is disabled: what is kept of its material. */
  release(app: AppContext, userId: string, factorId: string): Promise<void>;
}
