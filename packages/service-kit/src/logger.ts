/**
 * The one log shape of every factorlens part: pino JSON lines with `time` (ISO 8601), `level` as
 * its label, `service`, `msg`, and the fields of the call. `err` is serialised with its `code` (and
 * its cause's) visible: an error's code (`invalid_argument`, a SQLSTATE) is never an OTP code.
 * Redaction is a second line of defence for fields that must never be written (keys, codes,
 * secrets, phones); callers never pass them in the first place.
 */
import { Writable } from "node:stream";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

export const REDACT_PATHS = [
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  // Not `*.code`: it would hide `err.code`. The objects that carry a code:
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

/** `service` names the part (verifier, projector, relay, ingest, support-api, platform). */
export function createLogger(service: string, level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.errWithCause },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A destination that keeps every line written to it: captured logs in tests and harnesses. */
export function lineSink(): { sink: Writable; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { sink, lines };
}
