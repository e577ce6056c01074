import { CodedError, codedErrorGuard } from "@factorlens/errors";

/** The one error type of the read-models package, with a closed union of codes. */
export type ReadModelsErrorCode =
  | "invalid_schema_name" // a schema name that is not a plain lower-case identifier
  | "invalid_argument" // a query argument out of range (page size, cursor, window)
  | "invalid_cursor" // a timeline cursor that does not decode
  | "migration_failed"
  | "checkpoint_conflict"; // another projector advanced the checkpoint (compare-and-set failed)

export class ReadModelsError extends CodedError<ReadModelsErrorCode> {
  override name = "ReadModelsError";
}

export const isReadModelsError = codedErrorGuard(ReadModelsError);
