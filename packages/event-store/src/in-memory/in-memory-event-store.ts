/**
 * In-memory EventStore: the same semantics as the PostgreSQL adapter (it passes the same contract
 * suite), for unit tests of services only. Not durable, single process.
 */
import { EventStoreError } from "../errors";
import type {
  AppendResult,
  CheckpointStore,
  EventStore,
  NewEvent,
  RecordedEvent,
  StateSnapshot,
} from "../port";
import { createChangeSignal, runSubscription } from "../shared/subscribe-loop";
import { canonicalJson, validateAppend } from "../shared/validate";
import { createGenericSnapshots } from "../snapshots/generic-snapshots";

export interface InMemoryEventStoreOptions {
  /** Injected clock for recordedAt. Default: `() => new Date()`. */
  now?: () => Date;
}

export function createInMemoryEventStore(options: InMemoryEventStoreOptions = {}): EventStore {
  const now = options.now ?? (() => new Date());
  let all: RecordedEvent[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  const byId = new Map<string, RecordedEvent>();
  const checkpointMap = new Map<string, bigint>();
  const snapshotMap = new Map<string, StateSnapshot>();
  const changes = createChangeSignal();
  let nextPosition = 0n;
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new EventStoreError("unavailable", "event store is closed");
  };
  const copy = (e: RecordedEvent): RecordedEvent => structuredClone(e);

  function idempotentResult(streamId: string, events: NewEvent[]): AppendResult | null {
    const stored = events.map((e) => byId.get(e.id.toLowerCase()));
    if (stored.every((s) => s === undefined)) return null;
    const same = stored.every(
      (s, i) =>
        s !== undefined &&
        s.streamId === streamId &&
        s.type === events[i]!.type &&
        canonicalJson(s.data) === canonicalJson(events[i]!.data),
    );
    if (!same) {
      throw new EventStoreError("idempotency_conflict", "event id already stored with other content", {
        streamId,
      });
    }
    const last = stored.reduce((a, b) => (b!.revision > a!.revision ? b : a))!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  const checkpoints: CheckpointStore = {
    async load(subscriberId) {
      ensureOpen();
      return checkpointMap.get(subscriberId) ?? null;
    },
    async store(subscriberId, position, expected) {
      ensureOpen();
      if ((checkpointMap.get(subscriberId) ?? null) !== expected) return false;
      checkpointMap.set(subscriberId, position);
      return true;
    },
  };

  const store: EventStore = {
    async appendToStream(streamId, events, { expectedRevision }) {
      ensureOpen();
      validateAppend(streamId, events, expectedRevision);
      const replay = idempotentResult(streamId, events);
      if (replay) return replay;
      const stream = streams.get(streamId) ?? [];
      const actual = stream.length === 0 ? null : stream.length - 1;
      const ok =
        expectedRevision === "any" ||
        (expectedRevision === "no_stream" ? actual === null : expectedRevision === actual);
      if (!ok) {
        throw new EventStoreError("concurrency", `stream ${streamId} is at revision ${actual ?? "none"}`, {
          streamId,
          expectedRevision,
          actualRevision: actual,
        });
      }
      const recordedAt = now();
      for (const e of events) {
        const recorded: RecordedEvent = {
          id: e.id.toLowerCase(),
          type: e.type,
          // A JSON round trip, as the real stores serialise: undefined fields vanish, as in JSONB.
          data: JSON.parse(JSON.stringify(e.data)),
          metadata: JSON.parse(JSON.stringify(e.metadata ?? {})),
          streamId,
          revision: stream.length,
          position: nextPosition++,
          recordedAt,
        };
        stream.push(recorded);
        all.push(recorded);
        byId.set(recorded.id, recorded);
      }
      streams.set(streamId, stream);
      changes.bump();
      const last = stream[stream.length - 1]!;
      return { nextExpectedRevision: last.revision, position: last.position };
    },

    async readStream(streamId, opts = {}) {
      ensureOpen();
      const stream = streams.get(streamId) ?? [];
      const max = opts.maxCount ?? Number.POSITIVE_INFINITY;
      if (opts.direction === "backwards") {
        const from = Math.min(opts.fromRevision ?? stream.length - 1, stream.length - 1);
        return stream
          .slice(0, from + 1)
          .reverse()
          .slice(0, max)
          .map(copy);
      }
      return stream
        .slice(opts.fromRevision ?? 0)
        .slice(0, max)
        .map(copy);
    },

    async streamRevision(streamId) {
      ensureOpen();
      const stream = streams.get(streamId);
      return stream && stream.length > 0 ? stream.length - 1 : null;
    },

    async readAll(opts = {}) {
      ensureOpen();
      const from = opts.fromPosition ?? -1n;
      let lo = 0;
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (all[mid]!.position > from) hi = mid;
        else lo = mid + 1;
      }
      return all.slice(lo, lo + (opts.maxCount ?? all.length)).map(copy);
    },

    subscribeToAll(opts, handler) {
      return runSubscription(store.readAll, changes, opts, handler);
    },

    async deleteStream(streamId) {
      ensureOpen();
      const stream = streams.get(streamId);
      if (!stream) return;
      streams.delete(streamId);
      for (const e of stream) byId.delete(e.id);
      all = all.filter((e) => e.streamId !== streamId);
    },

    checkpoints,

    snapshots: createGenericSnapshots(
      {
        load: async (streamId, version) => {
          ensureOpen();
          const s = snapshotMap.get(`${version}\u0000${streamId}`);
          return s ? structuredClone(s) : null;
        },
        store: async (streamId, snapshot) => {
          ensureOpen();
          snapshotMap.set(`${snapshot.version}\u0000${streamId}`, structuredClone(snapshot));
        },
      },
      (streamId, fromRevision) => store.readStream(streamId, { fromRevision }),
    ),

    async close() {
      closed = true;
    },
  };
  return store;
}
