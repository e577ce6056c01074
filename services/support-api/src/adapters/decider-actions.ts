import {
  type DomainErrorCode,
  decide,
  evolve,
  initialState,
  isDomainError,
  parseEvent,
  toStoredEvent,
  type UserCommand,
  userStateFold,
} from "@factorlens/domain";
import {
  type EventStore,
  isConcurrencyError,
  loadFolded,
  snapshotIfDue,
  userStreamId,
} from "@factorlens/event-store";
import { SupportApiError } from "../errors";
import type { Clock, SupportActionResult, SupportActions, SupportActor } from "../ports";

export interface DeciderSupportActionsDeps {
  eventStore: EventStore;
  clock: Clock;
  /** Event and correlation ids (UUID v7). */
  newId: () => string;
  /** Retries after a concurrent append to the same stream (a login racing the agent). Default 3. */
  maxRetries?: number;
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
 * Support actions through the domain decider: load the user's state (newest snapshot + the events
 * after it, the verifier's fold and version) → decide → append
 * with the expected revision (retried on a concurrent append); lookups skip the replay (below). Rejections come back as results;
 * an unknown user (no stream) is NOT_FOUND; a store failure throws (fail closed).
 */
export function createDeciderSupportActions(deps: DeciderSupportActionsDeps): SupportActions {
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
    const streamId = userStreamId(userId);
    for (let attempt = 0; ; attempt++) {
      const loaded = await loadFolded(deps.eventStore, streamId, userStateFold);
      // a stream holding only lookups (a probed id that never enrolled) is no user
      if (loaded.revision === null || Object.keys(loaded.state.factors).length === 0)
        return { ok: false, code: "NOT_FOUND", message: "No such user." };
      const command = commandOf(actor, userId, body);
      let events: ReturnType<typeof decide>;
      try {
        events = decide(command, loaded.state, { newId: deps.newId });
      } catch (e) {
        if (isDomainError(e)) return failureOf(e.code, e.message);
        throw e;
      }
      if (events.length === 0) return { ok: true, eventIds: [], revision: loaded.revision };
      try {
        const r = await deps.eventStore.appendToStream(streamId, events.map(toStoredEvent), {
          expectedRevision: loaded.revision,
        });
        // a long history gets a snapshot, so the next action (or a verifier's miss) folds less
        snapshotIfDue(
          deps.eventStore,
          streamId,
          userStateFold,
          {
            state: events.reduce(evolve, loaded.state),
            revision: r.nextExpectedRevision,
            eventId: events.at(-1)!.eventId,
            snapshotRevision: loaded.snapshotRevision,
          },
          deps.snapshotEvery ?? 64,
          () => {}, // a snapshot is a cache: a failed write only costs a longer fold next time
        );
        return { ok: true, eventIds: events.map((e) => e.eventId), revision: r.nextExpectedRevision };
      } catch (e) {
        if (isConcurrencyError(e) && attempt < (deps.maxRetries ?? 3)) continue;
        throw e;
      }
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
      let events: ReturnType<typeof decide>;
      try {
        events = decide(command, initialState(), { newId: deps.newId }).map(parseEvent);
      } catch (e) {
        if (isDomainError(e)) throw new SupportApiError(failureOf(e.code, e.message).code, e.message);
        throw e;
      }
      await deps.eventStore.appendToStream(userStreamId(userId), events.map(toStoredEvent), {
        expectedRevision: "any",
      });
    },
    unlockUser: (actor, userId, input) => run(actor, userId, { type: "Unlock", data: input }),
    resetDrift: (actor, userId, input) => run(actor, userId, { type: "ResetDrift", data: input }),
    resetFactor: (actor, userId, input) => run(actor, userId, { type: "ResetFactor", data: input }),
    disableFactor: (actor, userId, input) => run(actor, userId, { type: "DisableFactor", data: input }),
    addTicketNote: (actor, userId, input) => run(actor, userId, { type: "AddTicketNote", data: input }),
  };
}
