import { CodedError } from "@factorlens/errors";

/**
 * The one error type of the verifier, with a closed union of codes. Mapped once at the HTTP edge
 * (http/problem.ts). Messages never contain a secret, a code or a phone number.
 */
export type VerifierErrorCode =
  | "unknown_key" // a ciphertext names a master key that is not configured
  | "decrypt_failed" // AES-GCM authentication failed (wrong key, wrong row, tampering)
  | "not_found" // unknown user, factor or challenge
  | "conflict" // the domain refused the command in the current state
  | "unavailable" // the event store or the verifier's database cannot be reached
  | "sms_failed" // the SMS provider refused or failed
  | "sms_refused"; // the SMS guard refuses sends to the number's prefix for now

export class VerifierError extends CodedError<
  VerifierErrorCode,
  {
    cause?: unknown;
    reason?: string;
    retryAfterSeconds?: number;
    /** Other ways the user can verify (factor methods, "recovery"). */
    alternatives?: string[];
  }
> {
  override name = "VerifierError";
}
