/** Maps every error code of ours and of the packages we use to one problem, once, at the edge. */
import { DomainError } from "@factorlens/domain";
import { EventStoreError } from "@factorlens/event-store";
import { VerifierError } from "../errors";
import { PROBLEM_TYPE, type Problem } from "./problem";

const p = (
  status: number,
  slug: string,
  title: string,
  detail?: string,
  retryAfterSeconds?: number,
): Problem => ({
  type: PROBLEM_TYPE(slug),
  title,
  status,
  ...(detail === undefined ? {} : { detail }),
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
});

const unavailable = () =>
  p(503, "unavailable", "Service unavailable", "the event store is unavailable; nothing was accepted", 5);

/** Null when the error is not one we know: the caller then answers a masked 500. */
export function problemFor(error: unknown): Problem | null {
  if (error instanceof EventStoreError) {
    if (error.code === "unavailable") return unavailable();
    // conflicts left after the command handler's retries (too many writers on one user stream)
    if (error.code === "concurrency") return p(503, "contention", "Too much contention", "retry shortly", 1);
    return null;
  }
  if (error instanceof VerifierError) {
    switch (error.code) {
      case "not_found":
        return p(404, "not-found", "Not found", error.message);
      case "conflict":
        return p(409, error.details.reason ?? "conflict", "Conflict", error.message);
      case "unavailable":
        return unavailable();
      case "sms_failed":
        return p(502, "sms-failed", "SMS provider failure", "the SMS could not be sent");
      case "sms_refused":
        return {
          ...p(
            403,
            "sms-refused",
            "SMS to this destination is temporarily refused",
            "too many codes were sent to numbers like this one and few were used; verify with another factor",
            error.details.retryAfterSeconds,
          ),
          alternatives: error.details.alternatives ?? [],
        };
      default:
        return null;
    }
  }
  if (error instanceof DomainError) {
    switch (error.code) {
      case "factor_not_found":
      case "challenge_not_found":
        return p(404, "not-found", "Not found", error.code);
      case "fresh_verification_required":
        return p(
          403,
          "fresh-verification-required",
          "Fresh verification required",
          "verify a code first, or use an admin client",
        );
      case "actor_not_allowed":
        // our own wording of who may do it ("only the user can receive recovery codes")
        return p(403, "actor-not-allowed", "Not allowed for this caller", error.message);
      case "locked_out":
        return p(423, "locked", "Locked", "too many failed codes; wait and try again");
      case "invalid_command":
        // our own wording (e.g. "reason refused (digits): …"), never an echo of the input
        return p(400, "invalid-request", "Invalid request", error.message);
      case "invalid_base32":
      case "invalid_secret":
      case "invalid_params":
      case "invalid_counter":
        return p(400, "invalid-request", "Invalid request", error.code);
      case "event_invalid":
      case "event_type_unknown":
      case "event_version_unsupported":
        return null;
      default:
        return p(409, error.code.replaceAll("_", "-"), "Conflict", error.code);
    }
  }
  return null;
}
