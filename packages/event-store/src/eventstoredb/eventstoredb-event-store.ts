/**
 * EventStoreDB / KurrentDB adapter of the EventStore port (@eventstore/db-client).
 *
 * - Every call is bounded by our own timer (`withTimeout`) on top of the client's `deadline`:
 *   the client has been seen to hang forever against a server that accepts the connection but
 *   never answers, even with `defaultDeadline`.
 * - Idempotency: EventStoreDB deduplicates event ids itself but never compares content, so for a
 *   number/no_stream expectation we first read where the events would go; ids found there with
 *   the same type+data return the original result, with other content `idempotency_conflict`.
 *   ("any" relies on the server's own id deduplication.)
 * - Deletion is a soft delete (`deleteStream`), not a tombstone: a tombstoned stream can never be
 *   written again, and a user whose 2FA history was erased must be able to enroll again. The
 *   data is physically removed by the next scavenge; until then $all still holds the events.
 * - Checkpoints: stream `factorlens-checkpoint-<subscriber>`, one `$`-typed event per store
 *   (hidden from $all readers), compare-and-set through the stream's expected revision.
 * - Snapshots: stream `factorlens-snapshot-<version>-<stream>`, the newest `$`-typed event is the
 *   snapshot (the practice of EventStoreDB users: a side stream, read backwards by one); checked
 *   against the stream's event at its revision on every read (snapshots/generic-snapshots.ts).
 *   Two reads per load instead of PostgreSQL's one. Only run with EVENTSTORE_CONNECTION_STRING.
 */
import {
  ANY,
  EventStoreDBClient,
  excludeSystemEvents,
  NO_STREAM,
  START,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import { EventStoreError } from "../errors";
import type {
  AppendResult,
  CheckpointStore,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StateSnapshot,
} from "../port";
import { canonicalJson, validateAppend } from "../shared/validate";
import { withTimeout } from "../shared/with-timeout";
import { createGenericSnapshots } from "../snapshots/generic-snapshots";
import { CHECKPOINT_TYPE, readAllEvents, readStreamEvents, toRecorded } from "./esdb-reads";
import { mapEsdbError } from "./map-esdb-error";

export interface EventStoreDbStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` */
  connectionString: string;
  /** Bound of every call. Default 5000 ms. */
  callTimeoutMs?: number;
}

const checkpointStream = (subscriberId: string) => `factorlens-checkpoint-${subscriberId}`;
const snapshotStream = (version: string, streamId: string) => `factorlens-snapshot-${version}-${streamId}`;
const SNAPSHOT_TYPE = "$factorlens-snapshot";

export function createEventStoreDbStore(options: EventStoreDbStoreOptions): EventStore {
  const timeoutMs = options.callTimeoutMs ?? 5_000;
  const client = EventStoreDBClient.connectionString(options.connectionString);
  const call = <T>(what: string, run: () => Promise<T>, expected?: ExpectedRevision): Promise<T> =>
    withTimeout(timeoutMs, what, run).catch((e: unknown) => {
      throw mapEsdbError(e, what, expected);
    });
  const read = (streamId: string, opts: Parameters<EventStore["readStream"]>[1] = {}) =>
    readStreamEvents(client, streamId, opts, timeoutMs);

  /** The original result when these events are already stored where the expectation puts them. */
  async function storedResult(streamId: string, events: NewEvent[], expected: ExpectedRevision) {
    if (expected === "any") return null;
    const from = expected === "no_stream" ? 0 : expected + 1;
    const there = await read(streamId, { fromRevision: from, maxCount: events.length });
    if (there.length === 0) return null;
    const byId = new Map(there.map((e) => [e.id, e]));
    const stored = events.map((e) => byId.get(e.id.toLowerCase()));
    if (stored.every((s) => s === undefined)) return null; // someone else's events: concurrency
    const same = stored.every(
      (s, i) => s && s.type === events[i]!.type && canonicalJson(s.data) === canonicalJson(events[i]!.data),
    );
    if (!same) {
      throw new EventStoreError("idempotency_conflict", "event id already stored with other content", {
        streamId,
      });
    }
    const last = there[there.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position } satisfies AppendResult;
  }

  const checkpoints: CheckpointStore = {
    load: (subscriberId) =>
      call("checkpoints.load", async () => {
        const [last] = await read(checkpointStream(subscriberId), { direction: "backwards", maxCount: 1 });
        return last ? BigInt(String(last.data.position)) : null;
      }),
    store: (subscriberId, position, expected) =>
      call("checkpoints.store", async () => {
        const stream = checkpointStream(subscriberId);
        const [last] = await read(stream, { direction: "backwards", maxCount: 1 });
        const current = last ? BigInt(String(last.data.position)) : null;
        if (current !== expected) return false;
        try {
          await client.appendToStream(
            stream,
            [
              {
                id: crypto.randomUUID(),
                contentType: "application/json",
                type: CHECKPOINT_TYPE,
                data: { position: position.toString() },
                metadata: undefined,
              },
            ],
            { expectedRevision: last ? BigInt(last.revision) : NO_STREAM, deadline: timeoutMs },
          );
          return true;
        } catch (e) {
          if (e instanceof WrongExpectedVersionError) return false;
          throw e;
        }
      }),
  };

  const snapshots = createGenericSnapshots(
    {
      load: (streamId, version) =>
        call("snapshots.load", async () => {
          const [last] = await read(snapshotStream(version, streamId), {
            direction: "backwards",
            maxCount: 1,
          });
          if (!last) return null;
          const d = last.data as { revision?: unknown; eventId?: unknown; state?: unknown };
          if (typeof d.revision !== "number" || typeof d.eventId !== "string" || !d.state) return null;
          return {
            version,
            revision: d.revision,
            eventId: d.eventId,
            state: d.state as StateSnapshot["state"],
          };
        }),
      store: (streamId, snapshot) =>
        call("snapshots.save", async () => {
          await client.appendToStream(
            snapshotStream(snapshot.version, streamId),
            [
              {
                id: crypto.randomUUID(),
                contentType: "application/json",
                type: SNAPSHOT_TYPE,
                data: { revision: snapshot.revision, eventId: snapshot.eventId, state: snapshot.state },
                metadata: undefined,
              },
            ],
            { expectedRevision: ANY, deadline: timeoutMs },
          );
        }),
    },
    (streamId, fromRevision) => call("readStream", () => read(streamId, { fromRevision })),
  );

  const store: EventStore = {
    async appendToStream(streamId, events, { expectedRevision }) {
      validateAppend(streamId, events, expectedRevision);
      return call(
        "appendToStream",
        async () => {
          const replay = await storedResult(streamId, events, expectedRevision);
          if (replay) return replay;
          const result = await client.appendToStream(
            streamId,
            events.map((e) => ({
              id: e.id.toLowerCase(),
              contentType: "application/json" as const,
              type: e.type,
              data: e.data,
              metadata: e.metadata ?? {},
            })),
            {
              expectedRevision:
                expectedRevision === "any"
                  ? ANY
                  : expectedRevision === "no_stream"
                    ? NO_STREAM
                    : BigInt(expectedRevision),
              deadline: timeoutMs,
            },
          );
          return {
            nextExpectedRevision: Number(result.nextExpectedRevision),
            position: result.position?.commit ?? -1n,
          };
        },
        expectedRevision,
      );
    },

    readStream: (streamId, opts) => call("readStream", () => read(streamId, opts)),

    streamRevision: (streamId) =>
      call("streamRevision", async () => {
        const [last] = await read(streamId, { direction: "backwards", maxCount: 1 });
        return last ? last.revision : null;
      }),

    readAll: (opts = {}) => call("readAll", () => readAllEvents(client, opts, timeoutMs)),

    async subscribeToAll(opts, handler) {
      const { signal } = opts;
      if (signal.aborted) return;
      const from = opts.fromPosition;
      const subscription = client.subscribeToAll({
        fromPosition: from === undefined ? START : { commit: from, prepare: from },
        filter: excludeSystemEvents(),
      });
      const stop = () => void subscription.unsubscribe().catch(() => {});
      signal.addEventListener("abort", stop, { once: true });
      try {
        // The subscription must be confirmed within the call bound, or the store is unavailable.
        await call(
          "subscribeToAll",
          () =>
            new Promise<void>((resolve, reject) => {
              subscription.once("confirmation", resolve);
              subscription.once("error", reject);
            }),
        );
        for await (const resolved of subscription) {
          if (signal.aborted) break;
          const event = toRecorded(resolved);
          if (!event || (from !== undefined && event.position <= from)) continue;
          await handler([event]); // async iteration pulls the next event only after this (backpressure)
        }
      } catch (e) {
        if (signal.aborted) return;
        throw mapEsdbError(e, "subscribeToAll");
      } finally {
        signal.removeEventListener("abort", stop);
        stop();
      }
    },

    deleteStream: (streamId) =>
      call("deleteStream", async () => {
        const revision = await store.streamRevision(streamId);
        if (revision === null) return;
        await client.deleteStream(streamId, { expectedRevision: ANY, deadline: timeoutMs });
      }),

    checkpoints,

    snapshots,

    async close() {
      await withTimeout(timeoutMs, "close", () => client.dispose()).catch(() => {});
    },
  };
  return store;
}
