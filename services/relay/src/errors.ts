import { CodedError } from "@factorlens/errors";

/** The one error type of the relay, with a closed union of codes. */
export type RelayErrorCode =
  | "secret_material" // an event's key failed the redaction check: refused, the relay stops
  | "unroutable_event" // an event has no user id to key it by
  | "checkpoint_conflict" // another relay instance moved the checkpoint
  | "invalid_config";

export class RelayError extends CodedError<RelayErrorCode> {
  override name = "RelayError";
}
