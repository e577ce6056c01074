import {
  type Actor,
  DomainError,
  type FactorlensEvent,
  type SUPPORT_ACTIONS,
  SUPPORT_NOTE_RULES,
  supportNoteProblem,
} from "../events";
import type { DecisionContext } from "./emit";
import { type FactorState, findFactor, type UserState } from "./state";

export const reject = (code: DomainError["code"], message: string, factorId?: string): never => {
  throw new DomainError(code, message, factorId === undefined ? {} : { factorId });
};

/** Only an actor of `kind` may give this command (actor_not_allowed otherwise): returns that actor. */
export const requireActor = <K extends Actor["kind"]>(
  ctx: DecisionContext,
  kind: K,
  message: string,
): Extract<Actor, { kind: K }> => {
  const actor = ctx.command.metadata.actor;
  return actor.kind === kind ? (actor as Extract<Actor, { kind: K }>) : reject("actor_not_allowed", message);
};

export const requireFactor = (state: UserState, factorId: string): FactorState =>
  findFactor(state, factorId) ?? reject("factor_not_found", `factor ${factorId} not found`, factorId);

export const hasFreshVerification = (ctx: DecisionContext, state: UserState): boolean =>
  state.lastVerifiedAt !== null &&
  ctx.now.getTime() - Date.parse(state.lastVerifiedAt) <= ctx.policy.freshVerificationMinutes * 60_000;

/**
 * Sensitive factor changes: a user needs a fresh successful verification; support and admin
 * actors are allowed (and audited); the system actor is not.
 */
export const authorizeSensitive = (ctx: DecisionContext, state: UserState): "user" | "support" | "admin" => {
  const actor = ctx.command.metadata.actor;
  if (actor.kind === "support" || actor.kind === "admin") return actor.kind;
  if (actor.kind === "system") return reject("actor_not_allowed", "the system actor cannot change factors");
  if (!hasFreshVerification(ctx, state)) {
    return reject(
      "fresh_verification_required",
      `a successful verification within ${ctx.policy.freshVerificationMinutes} min is required`,
    );
  }
  return "user";
};

/** A support agent's action on the account is itself an event. */
export const supportAudit = (
  ctx: DecisionContext,
  action: (typeof SUPPORT_ACTIONS)[number],
  note: string | undefined,
  factorId?: string,
): FactorlensEvent[] => {
  const actor = ctx.command.metadata.actor;
  if (actor.kind !== "support") return [];
  if (note !== undefined) requireSafeNote(note);
  const data = {
    agentId: actor.agentId,
    ticketRef: actor.ticketRef,
    action,
    ...(note === undefined ? {} : { note }),
  };
  return [ctx.emit("SupportActionTaken", data, factorId)];
};

/**
 * Free text (notes, disable/reset reasons) leaves on Kafka: text that looks like a code, a number
 * or a secret is refused (not echoed).
 */
export const requireSafeNote = (note: string, field: "note" | "reason" = "note"): void => {
  const problem = supportNoteProblem(note);
  if (problem !== null) {
    const rules =
      field === "note"
        ? SUPPORT_NOTE_RULES
        : "a reason holds no codes, runs of 6+ digits, phone numbers or secrets";
    reject("invalid_command", `${field} refused (${problem}): ${rules}`);
  }
};
