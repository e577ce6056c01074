/** The one error type of the platform package, with a closed union of codes. */
export type PlatformErrorCode =
  | "invalid_config" // an environment variable or command-line flag is missing or invalid
  | "postgres_start_failed" // the embedded PostgreSQL did not come up
  | "port_in_use" // a port the platform should listen on is taken
  | "component_failed" // a composed service failed to start or crashed
  | "demo_failed"; // the traffic simulator could not drive the verifier

export class PlatformError extends Error {
  override name = "PlatformError";
  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isPlatformError = (e: unknown): e is PlatformError => e instanceof PlatformError;
