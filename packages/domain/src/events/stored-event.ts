import type { FactorlensEvent } from "./catalogue";
import { DomainError } from "./domain-error";
import { parseEvent } from "./parse-event";

/**
 * The stored shape of an event. The event-store port's `NewEvent` is `StoredEventLike` and its
 * `RecordedEvent` extends `StoredEvent` (domain depends on nothing of ours; the store depends on these).
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface StoredEvent {
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

/** Anything with the fields of a recorded event (extra fields such as revision are ignored). */
export interface StoredEventLike {
  id: string;
  type: string;
  data: JsonObject;
  metadata?: JsonObject;
}

/**
 * A copy of a JSON-shaped value without its `undefined` fields (what JSON and JSONB keep), a few
 * times cheaper than a JSON.stringify/parse round trip on the verifier's hot path.
 */
function jsonCopy(value: unknown): Json {
  if (value === 0) return 0; // -0 too: JSON has no negative zero
  if (value === null || typeof value !== "object") return value as Json;
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : jsonCopy(v)));
  const out: JsonObject = {};
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = jsonCopy(v);
  }
  return out;
}

/** data = the whole event (envelope + payload) as JSON; metadata = schema version and causality. */
export const toStoredEvent = (event: FactorlensEvent): StoredEvent => {
  const data = jsonCopy(event) as JsonObject;
  const metadata: JsonObject = { schemaVersion: event.version, correlationId: event.correlationId };
  if (event.causationId !== undefined) metadata.causationId = event.causationId;
  return { id: event.eventId, type: event.type, data, metadata };
};

/** Validates, upcasts, and checks that the record's id and type agree with its data. */
export const fromStoredEvent = (recorded: StoredEventLike): FactorlensEvent => {
  const data: JsonObject = { ...recorded.data };
  // Records written without `version` in data fall back to the metadata's schema version.
  if (data.version === undefined && typeof recorded.metadata?.schemaVersion === "number") {
    data.version = recorded.metadata.schemaVersion;
  }
  const event = parseEvent(data);
  if (event.type !== recorded.type || event.eventId !== recorded.id) {
    throw new DomainError(
      "event_invalid",
      `stored record ${recorded.id} disagrees with its data (id or type)`,
      {
        eventType: recorded.type,
      },
    );
  }
  return event;
};
