import {
  EVENT_REGISTRY,
  type EventData,
  type EventOf,
  type EventType,
  type FactorlensEvent,
} from "../events";
import type { UserCommand } from "./commands";
import type { DeciderPolicy } from "./policy";
import type { UserState } from "./state";

export interface DeciderDeps {
  /** Event id generator (UUID v7), e.g. createUuidV7Generator({ now, randomBytes }). */
  newId: () => string;
  policy?: Partial<DeciderPolicy>;
}

/** Everything a decision needs besides the state: the command, resolved policy and an event builder. */
export interface DecisionContext {
  command: UserCommand;
  policy: DeciderPolicy;
  now: Date;
  emit: <T extends EventType>(type: T, data: EventData<T>, factorId?: string) => EventOf<T>;
}

/** How each command is decided: its events from the context and the current state (or a DomainError). */
export type DecideCommand<C extends UserCommand> = (
  ctx: DecisionContext,
  state: UserState,
  c: C,
) => FactorlensEvent[];

export const createContext = (
  command: UserCommand,
  policy: DeciderPolicy,
  deps: DeciderDeps,
): DecisionContext => {
  const { metadata } = command;
  const emit = <T extends EventType>(type: T, data: EventData<T>, factorId?: string): EventOf<T> => {
    const event: Record<string, unknown> = {
      eventId: deps.newId(),
      type,
      version: EVENT_REGISTRY[type].version,
      userId: command.userId,
      occurredAt: metadata.now.toISOString(),
      correlationId: metadata.correlationId,
      actor: metadata.actor,
      data,
    };
    if (factorId !== undefined) event.factorId = factorId;
    if (metadata.causationId !== undefined) event.causationId = metadata.causationId;
    if (metadata.context !== undefined) event.context = metadata.context;
    return event as FactorlensEvent as EventOf<T>;
  };
  return { command, policy, now: metadata.now, emit };
};
