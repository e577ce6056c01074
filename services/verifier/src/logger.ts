/**
 * The verifier's pino logger. Request logs carry method, url, status and timing only; redaction is
 * a second line of defence for fields that must never be written (keys, codes, secrets, phones).
 */
import pino, { type DestinationStream, type Logger } from "pino";

export const REDACT_PATHS = [
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  // Not `*.code`: it also hid `err.code`, the cause an error log must show (an error's code,
  // `invalid_argument` or a SQLSTATE, is never an OTP code). The objects that carry a code:
  "command.code",
  "input.code",
  "verify.code",
  "req.body",
  "request.body",
  "*.secret",
  "*.phone",
  "*.to",
  "*.body",
  "*.codes",
  "*.code1",
  "*.code2",
  "body",
  "code",
  "secret",
  "phone",
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    base: { service: "verifier" },
  };
  return destination ? pino(options, destination) : pino(options);
}
