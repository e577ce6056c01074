import { CodedError } from "@factorlens/errors";

/** The one error type of ingest, with a closed union of codes. */
export type IngestErrorCode = "invalid_config";

export class IngestError extends CodedError<IngestErrorCode> {
  override name = "IngestError";
}
