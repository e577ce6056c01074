/**
 * The one error type of the domain package, with a closed union of codes. Messages never carry a
 * secret, an OTP code or a full phone number: only ids, types and field paths.
 */
export type DomainErrorCode =
  // event catalogue
  | "event_invalid" // the JSON does not match the event's schema
  | "event_type_unknown" // no such event type in the registry
  | "event_version_unsupported" // no schema/upcaster for that version
  // decider: rejected commands
  | "invalid_command" // the command contradicts itself (bad check shape, counts out of range)
  | "factor_already_exists"
  | "factor_not_found"
  | "factor_not_pending"
  | "factor_not_active"
  | "method_mismatch" // the command's method does not match the factor's method
  | "fresh_verification_required"
  | "actor_not_allowed" // e.g. a user trying to unlock themselves or to read support data
  | "locked_out" // an action other than a challenge was attempted while locked
  | "recovery_code_invalid" // the matched index is outside the issued batch
  | "challenge_not_found" // an SMS receipt for a challenge the aggregate never issued
  // OTP engine: bad input to the code functions (messages name at most a length or a position)
  | "invalid_base32" // a character outside the base32 alphabet, or empty text
  | "invalid_secret" // empty, or outside the accepted length
  | "invalid_params" // unsupported algorithm/digits/period, window or look-ahead out of range
  | "invalid_counter"; // not a non-negative safe integer

export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: { userId?: string; factorId?: string; eventType?: string; version?: number } = {},
  ) {
    super(message);
  }
}

export const isDomainError = (e: unknown, code?: DomainErrorCode): e is DomainError =>
  e instanceof DomainError && (code === undefined || e.code === code);
