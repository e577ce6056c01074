/**
 * Event ↔ Kafka message. Key = user id (per-user order across partitions), value = the event
 * as JSON, headers carry what a consumer needs before parsing the value; `event-id` is the
 * dedupe key for consumers (a relay restart may republish an event, always under the same id).
 */

import type { JsonObject, RecordedEvent } from "@factorlens/event-store";
import type { IHeaders, KafkaMessage, Message } from "kafkajs";
import { z } from "zod";
import { KafkaIntegrationError } from "./errors";

export const HEADERS = {
  eventType: "event-type",
  schemaVersion: "schema-version",
  eventId: "event-id",
  contentType: "content-type",
} as const;

export const JSON_CONTENT_TYPE = "application/json";

/** The JSON value of a message on `tfa.events.v1`. */
export interface EventEnvelope {
  id: string;
  type: string;
  streamId: string;
  revision: number;
  /** Global position in the store, as a decimal string (bigint does not fit JSON numbers). */
  position: string;
  recordedAt: string;
  data: JsonObject;
  metadata: JsonObject;
}

const USER_STREAM_PREFIX = "tfa-user-";

/** The user an event belongs to: `data.userId`, else the id in its `tfa-user-<id>` stream. */
export function userIdOf(event: Pick<RecordedEvent, "id" | "data" | "streamId">): string {
  const fromData = event.data.userId;
  if (typeof fromData === "string" && fromData.length > 0) return fromData;
  if (event.streamId.startsWith(USER_STREAM_PREFIX) && event.streamId.length > USER_STREAM_PREFIX.length) {
    return event.streamId.slice(USER_STREAM_PREFIX.length);
  }
  throw new KafkaIntegrationError("unroutable_event", `event ${event.id} has no user id to key it by`);
}

/** Schema version of an event: `metadata.schemaVersion` (set by the domain's toStoredEvent), default 1. */
export function schemaVersionOf(event: Pick<RecordedEvent, "metadata" | "data">): number {
  const v = event.metadata.schemaVersion ?? event.data.schemaVersion;
  return typeof v === "number" && Number.isInteger(v) && v > 0 ? v : 1;
}

export function toEnvelope(event: RecordedEvent): EventEnvelope {
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
  };
}

export function encodeEvent(event: RecordedEvent): Message & { key: string; value: Buffer } {
  return {
    key: userIdOf(event),
    value: Buffer.from(JSON.stringify(toEnvelope(event))),
    headers: {
      [HEADERS.eventType]: event.type,
      [HEADERS.schemaVersion]: String(schemaVersionOf(event)),
      [HEADERS.eventId]: event.id,
      [HEADERS.contentType]: JSON_CONTENT_TYPE,
    },
  };
}

/** Kafka headers as strings (array values keep the last one). */
export function readHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const v = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (v !== undefined) out[name] = v.toString();
  }
  return out;
}

const jsonObject = z.record(z.string(), z.json()) as unknown as z.ZodType<JsonObject>;
const envelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  streamId: z.string().min(1),
  revision: z.number().int().nonnegative(),
  position: z.string().regex(/^\d+$/),
  recordedAt: z.string(),
  data: jsonObject,
  metadata: jsonObject,
});

export interface DecodedEvent {
  key: string;
  headers: Record<string, string>;
  envelope: EventEnvelope;
}

/** Parses a `tfa.events.v1` message (for downstream consumers such as a scale-out projector). */
export function decodeEvent(message: Pick<KafkaMessage, "key" | "value" | "headers">): DecodedEvent {
  if (!message.value) throw new KafkaIntegrationError("invalid_message", "message has no value");
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString("utf8"));
  } catch (cause) {
    throw new KafkaIntegrationError("invalid_message", "message value is not JSON", { cause });
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    throw new KafkaIntegrationError(
      "invalid_message",
      `not an event envelope: ${parsed.error.issues[0]?.message}`,
    );
  }
  return { key: message.key?.toString() ?? "", headers: readHeaders(message.headers), envelope: parsed.data };
}
