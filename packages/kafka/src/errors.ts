import { CodedError } from "@factorlens/errors";

/** The one error type of the kafka package, with a closed union of codes. */
export type KafkaIntegrationErrorCode =
  | "secret_material" // an outbound event carries something that must never leave
  | "unroutable_event" // no user id to key the message by
  | "invalid_message" // a consumed message cannot be decoded
  | "invalid_argument";

export class KafkaIntegrationError extends CodedError<KafkaIntegrationErrorCode> {
  override name = "KafkaIntegrationError";
}

/** Minimal structured logger (pino-compatible). Never pass secrets or codes to it. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
