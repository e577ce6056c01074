/**
 * The verifier's logger: the one shape of every part (@factorlens/service-kit), service `verifier`.
 * Request logs carry method, url, status and timing only; redaction is a second line of defence.
 */
import { createLogger as createServiceLogger, REDACT_PATHS } from "@factorlens/service-kit";
import type { DestinationStream, Logger } from "pino";

export { REDACT_PATHS };

export const createLogger = (level: string, destination?: DestinationStream): Logger =>
  createServiceLogger("verifier", level, destination);
