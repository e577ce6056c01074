/** The one error type of the event-store package, with a closed union of codes. */
export type EventStoreErrorCode =
  | "concurrency" // expected revision did not match
  | "idempotency_conflict" // an event id already stored with different content
  | "unavailable" // the store cannot be reached or timed out: callers fail closed
  | "invalid_argument";

export class EventStoreError extends Error {
  override name = "EventStoreError";
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
    readonly details: {
      streamId?: string;
      expectedRevision?: number | "no_stream" | "any";
      /** Actual revision of the stream (null when it does not exist). */
      actualRevision?: number | null;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

export const isConcurrencyError = (e: unknown): e is EventStoreError =>
  e instanceof EventStoreError && e.code === "concurrency";
export const isUnavailableError = (e: unknown): e is EventStoreError =>
  e instanceof EventStoreError && e.code === "unavailable";
