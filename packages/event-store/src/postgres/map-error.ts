import { EventStoreError } from "../errors";

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "57014", // query_canceled (statement_timeout)
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "55P03", // lock_not_available (lock_timeout)
]);

/**
 * Data the store cannot hold: 22P02 invalid text (a lone surrogate in jsonb), 22P05 untranslatable
 * character (U+0000 in jsonb), 22021 bad encoding, 22023 invalid parameter, 54000 a value too large.
 */
const INVALID_DATA_CODES = new Set(["22P02", "22P05", "22021", "22023", "54000"]);

const UNAVAILABLE_MESSAGES = [
  /timeout/i,
  /Connection terminated/i,
  /connection.*(closed|ended)/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end/i,
];

/** Maps a driver error to the port's error: connection failures and timeouts fail closed. */
export function mapPgError(error: unknown, what: string): unknown {
  if (error instanceof EventStoreError) return error;
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === "string" ? e.code : "";
  const message = typeof e?.message === "string" ? e.message : String(error);
  if (
    UNAVAILABLE_CODES.has(code) ||
    code.startsWith("08") ||
    UNAVAILABLE_MESSAGES.some((re) => re.test(message))
  ) {
    return new EventStoreError("unavailable", `event store unavailable during ${what}`, { cause: error });
  }
  if (code === "40001" || code === "40P01") {
    // Retried where it can be (the append's function path); what still fails is contention: retry later.
    return new EventStoreError("unavailable", `event store contended during ${what}; retry`, {
      cause: error,
    });
  }
  if (INVALID_DATA_CODES.has(code)) {
    return new EventStoreError("invalid_argument", `invalid argument to ${what}`, { cause: error });
  }
  if (code === "23505") {
    // A concurrent append stored one of these event ids in the meantime.
    return new EventStoreError("idempotency_conflict", "event id already stored", { cause: error });
  }
  return error;
}
