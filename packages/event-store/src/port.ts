/**
 * The EventStore port: the source of truth of factorlens. Owned by its users (verifier, projector,
 * relay, ingest); implemented by the postgres, eventstoredb and in-memory adapters, all of which
 * pass the one contract suite.
 *
 * Streams are per user (`tfa-user-<userId>`). Stream revisions start at 0 for the first event.
 * Global positions are bigint, strictly increasing in commit order, not necessarily dense.
 */

import type { JsonObject, StoredEvent, StoredEventLike } from "@factorlens/domain";

/** JSON-compatible value (the domain's: what `toStoredEvent` writes is what the store takes). */
export type { Json, JsonObject } from "@factorlens/domain";

/**
 * An event to append: `id` is globally unique (UUID, v7 recommended) and used for idempotent
 * appends. The domain's StoredEventLike, so what `toStoredEvent` returns can be appended as is.
 */
export type NewEvent = StoredEventLike;

/** A stored event (the domain's StoredEvent, what `fromStoredEvent` reads) with where it stands. */
export interface RecordedEvent extends StoredEvent {
  streamId: string;
  /** 0-based revision of this event in its stream. */
  revision: number;
  /** Global commit-ordered position. */
  position: bigint;
  recordedAt: Date;
}

/** What the appender expects the stream's current revision to be. */
export type ExpectedRevision =
  | number // the revision of the stream's last event
  | "no_stream" // the stream must not exist
  | "any"; // no check

export interface AppendResult {
  /** Revision of the last event appended (the stream's new revision). */
  nextExpectedRevision: number;
  /** Global position of the last event appended. */
  position: bigint;
}

export interface ReadStreamOptions {
  fromRevision?: number; // default 0 forwards, end backwards
  maxCount?: number;
  direction?: "forwards" | "backwards";
}

export interface ReadAllOptions {
  /** Exclusive: events with position > fromPosition. Default: from the start. */
  fromPosition?: bigint;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive start position (a checkpoint); default from the start. */
  fromPosition?: bigint;
  /** Aborting ends the subscription; the returned promise then resolves. */
  signal: AbortSignal;
  /** Events handed to the handler per call (catch-up batches). Default 500. */
  batchSize?: number;
}

/**
 * Called with events in commit order. The next batch is not read until the returned promise
 * resolves (backpressure). A rejection ends the subscription with that error.
 */
export type SubscriptionHandler = (events: RecordedEvent[]) => Promise<void>;

export interface EventStore {
  appendToStream(
    streamId: string,
    events: NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;

  /** Events of one stream; an unknown or deleted stream reads as []. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Current revision of a stream, or null when it does not exist. */
  streamRevision(streamId: string): Promise<number | null>;

  /** Events of all streams in commit order; never skips an event that commits later at a lower position. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Catch-up then live. Resolves when `signal` aborts; rejects when the handler or the store fails. */
  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Promise<void>;

  /** Erasure: removes the stream's events for good. Deleting an unknown stream is a no-op. */
  deleteStream(streamId: string): Promise<void>;

  readonly checkpoints: CheckpointStore;

  /**
   * Snapshots of a stream's folded state, so a reader folds only the events after one. Optional:
   * a store without them (or a reader that ignores them) folds from revision 0; a stale, missing
   * or failed snapshot only costs a longer fold, never a wrong state.
   */
  readonly snapshots?: SnapshotStore;

  close(): Promise<void>;
}

/**
 * A folded state of one stream at `revision`, tagged with the `version` of the fold that made it
 * (the reader's state shape + evolve + upcasters) and the id of the event at `revision`, so a
 * snapshot of an erased and re-created stream never matches the new one.
 */
export interface StateSnapshot {
  version: string;
  revision: number;
  eventId: string;
  state: JsonObject;
}

export interface SnapshotStore {
  /**
   * The stream's newest snapshot of this version whose event still is the stream's event at its
   * revision (else null), and the stream's events after it (after revision -1 without one), in
   * revision order. One round trip where the store can.
   */
  readFromSnapshot(
    streamId: string,
    version: string,
  ): Promise<{ snapshot: StateSnapshot | null; events: RecordedEvent[] }>;
  /** Keeps `snapshot` unless one of its version at a higher revision (of a live event) is stored. */
  save(streamId: string, snapshot: StateSnapshot): Promise<void>;
}

/** Per-subscriber checkpoints with compare-and-set, so two instances never both advance one. */
export interface CheckpointStore {
  load(subscriberId: string): Promise<bigint | null>;
  /**
   * Stores `position` if the stored value still equals `expected` (null = none stored yet).
   * Returns false (and stores nothing) when another writer moved it.
   */
  store(subscriberId: string, position: bigint, expected: bigint | null): Promise<boolean>;
}

export const userStreamId = (userId: string): string => `tfa-user-${userId}`;
