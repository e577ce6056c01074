import { CodedError, codedErrorGuard } from "@factorlens/errors";

/** The one error type of the platform package, with a closed union of codes. */
export type PlatformErrorCode =
  | "invalid_config" // an environment variable or command-line flag is missing or invalid
  | "postgres_start_failed" // the embedded PostgreSQL did not come up
  | "port_in_use" // a port the platform should listen on is taken
  | "component_failed" // a composed service failed to start or crashed
  | "demo_failed"; // the traffic simulator could not drive the verifier

export class PlatformError extends CodedError<PlatformErrorCode> {
  override name = "PlatformError";
}

export const isPlatformError = codedErrorGuard(PlatformError);
