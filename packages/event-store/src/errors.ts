import { CodedError, codedErrorGuard } from "@factorlens/errors";

/** The one error type of the event-store package, with a closed union of codes. */
export type EventStoreErrorCode =
  | "concurrency" // expected revision did not match
  | "idempotency_conflict" // an event id already stored with different content
  | "unavailable" // the store cannot be reached or timed out: callers fail closed
  | "invalid_argument";

export class EventStoreError extends CodedError<
  EventStoreErrorCode,
  {
    streamId?: string;
    expectedRevision?: number | "no_stream" | "any";
    /** Actual revision of the stream (null when it does not exist). */
    actualRevision?: number | null;
    cause?: unknown;
  }
> {
  override name = "EventStoreError";
}

const isEventStoreError = codedErrorGuard(EventStoreError);
export const isConcurrencyError = (e: unknown): e is EventStoreError => isEventStoreError(e, "concurrency");
export const isUnavailableError = (e: unknown): e is EventStoreError => isEventStoreError(e, "unavailable");
