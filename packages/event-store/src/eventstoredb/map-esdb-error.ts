import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import { EventStoreError } from "../errors";
import type { ExpectedRevision } from "../port";

/** Maps a client error to the port's: wrong expected version → concurrency; unreachable → unavailable. */
export function mapEsdbError(error: unknown, what: string, expected?: ExpectedRevision): unknown {
  if (error instanceof EventStoreError) return error;
  if (error instanceof WrongExpectedVersionError) {
    const actual = typeof error.actualVersion === "bigint" ? Number(error.actualVersion) : null;
    return new EventStoreError(
      "concurrency",
      `stream ${error.streamName} is at revision ${actual ?? "none"}`,
      {
        streamId: error.streamName,
        expectedRevision: expected,
        actualRevision: actual,
      },
    );
  }
  const grpcCode = (error as { code?: unknown })?.code;
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError ||
    grpcCode === 14 || // UNAVAILABLE
    grpcCode === 4 // DEADLINE_EXCEEDED
  ) {
    return new EventStoreError("unavailable", `event store unavailable during ${what}`, { cause: error });
  }
  return error;
}
