import {
  type DomainErrorCode,
  decide,
  evolve,
  type FactorlensEvent,
  isDomainError,
  parseEvent,
  smsGuardUserId,
  toStoredEvent,
  type UserCommand,
  type UserState,
  userStateFold,
} from "@factorlens/domain";
import { createCommandHandler, type EventStore, userStreamId } from "@factorlens/event-store";
import { SupportApiError } from "../errors";
import type { DateClock, SupportActionResult, SupportActions, SupportActor } from "../ports";

export interface DeciderSupportActionsDeps {
  eventStore: EventStore;
  clock: DateClock;
  /** Event and correlation ids (UUID v7). */
  newId: () => string;
  /** Store a state snapshot once this many events follow the last one. Default 64; 0 = never. */
  snapshotEvery?: number;
}

type Failure = Extract<SupportActionResult, { ok: false }>;
const failureOf = (code: DomainErrorCode, message: string): Failure => {
  switch (code) {
    case "factor_not_found":
      return { ok: false, code: "NOT_FOUND", message };
    case "actor_not_allowed":
      return { ok: false, code: "FORBIDDEN", message };
    case "invalid_command":
      return { ok: false, code: "INVALID_INPUT", message };
    default:
      return { ok: false, code: "CONFLICT", message };
  }
};

type CommandBody = Pick<UserCommand, "type" | "data"> & Record<string, unknown>;

/**
 * Support actions through the domain decider and the command handler: load the user's state
 * (newest snapshot + the events after it, the verifier's fold and version) → decide → append at
 * the expected revision (a login racing the agent: caught up and decided again). Rejections come
 * back as results; an unknown user (no stream) is NOT_FOUND; a store failure throws (fail closed).
 */
export function createDeciderSupportActions(deps: DeciderSupportActionsDeps): SupportActions {
  const handler = createCommandHandler<UserState, FactorlensEvent>({
    store: deps.eventStore,
    fold: userStateFold,
    evolve,
    toNewEvent: toStoredEvent,
    snapshotEvery: deps.snapshotEvery ?? 64,
    onSnapshotError: () => {}, // a snapshot is a cache: a failed write only costs a longer fold next time
  });
  const commandOf = (actor: SupportActor, userId: string, body: CommandBody): UserCommand =>
    ({
      ...body,
      userId,
      metadata: {
        now: deps.clock.now(),
        actor: { kind: "support", agentId: actor.agentId, ticketRef: actor.ticket },
        correlationId: deps.newId(),
      },
    }) as UserCommand;

  const run = async (
    actor: SupportActor,
    userId: string,
    body: CommandBody,
  ): Promise<SupportActionResult> => {
    const command = commandOf(actor, userId, body);
    try {
      const { result, events, folded } = await handler.handle(userStreamId(userId), ({ state, revision }) =>
        // a stream holding only lookups (a probed id that never enrolled) is no user
        revision === null || Object.keys(state.factors).length === 0
          ? { events: [], result: false }
          : { events: decide(command, state, { newId: deps.newId }), result: true },
      );
      if (!result) return { ok: false, code: "NOT_FOUND", message: "No such user." };
      return { ok: true, eventIds: events.map((e) => e.eventId), revision: folded.revision ?? 0 };
    } catch (e) {
      if (isDomainError(e)) return failureOf(e.code, e.message);
      throw e;
    }
  };

  return {
    /**
     * A lookup is an unconditional fact: it depends on no state of the user, so the stream is not
     * replayed. The domain builds the event (from the initial state), the catalogue validates it,
     * and it is appended at whatever revision the stream has. The caller has already checked that
     * the user exists (openUser reads the user's read model first), or records a miss or refusal
     * (SupportLookupFailed) on the stream of the id that was asked for.
     */
    async recordLookup(actor, userId, fields, failure) {
      const command = commandOf(actor, userId, {
        type: "RecordSupportLookup",
        data: { fieldsRead: fields.length > 0 ? fields : ["id"], ...(failure ? { failure } : {}) },
      });
      try {
        await handler.handle(
          userStreamId(userId),
          ({ state }) => ({
            events: decide(command, state, { newId: deps.newId }).map(parseEvent),
            result: undefined,
          }),
          { unconditional: true },
        );
      } catch (e) {
        if (isDomainError(e)) throw new SupportApiError(failureOf(e.code, e.message).code, e.message);
        throw e;
      }
    },
    unlockUser: (actor, userId, input) => run(actor, userId, { type: "Unlock", data: input }),
    resetDrift: (actor, userId, input) => run(actor, userId, { type: "ResetDrift", data: input }),
    resetFactor: (actor, userId, input) => run(actor, userId, { type: "ResetFactor", data: input }),
    disableFactor: (actor, userId, input) => run(actor, userId, { type: "DisableFactor", data: input }),
    addTicketNote: (actor, userId, input) => run(actor, userId, { type: "AddTicketNote", data: input }),
    /** On the prefix's own stream (no user there): decided on whatever it holds, appended at its revision. */
    async liftSmsBlock(actor, input) {
      const userId = smsGuardUserId(input.numberPrefix);
      const command = commandOf(actor, userId, { type: "LiftSmsBlock", data: input });
      try {
        const { events, folded } = await handler.handle(userStreamId(userId), ({ state }) => ({
          events: decide(command, state, { newId: deps.newId }),
          result: undefined,
        }));
        return { ok: true, eventIds: events.map((e) => e.eventId), revision: folded.revision ?? 0 };
      } catch (e) {
        if (isDomainError(e)) return failureOf(e.code, e.message);
        throw e;
      }
    },
  };
}
