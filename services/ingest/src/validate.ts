/**
 * The validation port of ingest and its adapter on the domain's event catalogue: the zod schemas
 * in `@factorlens/domain` are the source of `schemas/events/*.schema.json`.
 */
import { safeParseEvent, toStoredEvent } from "@factorlens/domain";
import type { NewEvent } from "@factorlens/event-store";
import { screenText } from "./screen-text";

/** Why a message was refused, as it appears in the `dlq-reason` header (prefix before `:`). */
export type RejectionKind =
  | "oversized"
  | "empty_value"
  | "malformed_json"
  | "unknown_type"
  | "schema_violation"
  | "unsupported_version"
  | "type_not_allowed"
  | "key_mismatch"
  | "unappendable"
  | "unstorable_text" // a string the store cannot hold (screen-text.ts)
  | "free_text_refused"; // free text with a code, phone number or secret (screen-text.ts)

export interface ValidatedEvent {
  userId: string;
  event: NewEvent;
}

export type ValidationResult =
  | { ok: true; event: ValidatedEvent }
  | { ok: false; kind: RejectionKind; reason: string };

/** Validates (and upcasts) one parsed JSON value. Reasons name fields and types, never values. */
export type InboundValidator = (json: unknown) => ValidationResult;

const KIND_BY_CODE: Record<string, RejectionKind> = {
  event_type_unknown: "unknown_type",
  event_version_unsupported: "unsupported_version",
  event_invalid: "schema_violation",
};

/**
 * Event types other systems may send (SMS provider receipts, challenge outcomes of external login
 * systems). Everything else — enrollment, disable/reset, unlock, support actions — is only ever
 * decided inside factorlens: accepting it from the bus would let anyone who can write to the topic
 * turn 2FA off for a user.
 */
export const DEFAULT_INBOUND_TYPES: readonly string[] = [
  "SmsDelivered",
  "SmsDeliveryFailed",
  "SmsCodeExpired",
  "ChallengeIssued",
  "ChallengePassed",
  "ChallengeFailed",
];

/** Restricts a validator to an allow-list of event types (checked after validation). */
export function allowOnly(types: readonly string[], validate: InboundValidator): InboundValidator {
  const allowed = new Set(types);
  return (json) => {
    const result = validate(json);
    if (result.ok && !allowed.has(result.event.event.type)) {
      return {
        ok: false,
        kind: "type_not_allowed",
        reason: `${result.event.event.type} is not accepted from the bus`,
      };
    }
    return result;
  };
}

export const domainValidator: InboundValidator = (json) => {
  if (typeof json === "string") {
    // parseEvent accepts JSON text too; a JSON string literal on the wire is not an event.
    return { ok: false, kind: "schema_violation", reason: "event must be a JSON object" };
  }
  const parsed = safeParseEvent(json);
  if (!parsed.ok) {
    const kind = KIND_BY_CODE[parsed.error.code] ?? "schema_violation";
    return { ok: false, kind, reason: parsed.error.message };
  }
  const stored = toStoredEvent(parsed.event);
  return screenText({
    userId: parsed.event.userId,
    event: { id: stored.id, type: stored.type, data: stored.data, metadata: stored.metadata },
  });
};
