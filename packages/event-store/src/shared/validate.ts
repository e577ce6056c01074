import { EventStoreError } from "../errors";
import type { ExpectedRevision, NewEvent } from "../port";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Largest number of events in one append (the PostgreSQL position packs the index in 16 bits). */
export const MAX_EVENTS_PER_APPEND = 65_536;

/** Checks what every adapter rejects the same way, before any I/O. */
export function validateAppend(streamId: string, events: NewEvent[], expected: ExpectedRevision): void {
  const bad = (message: string) => new EventStoreError("invalid_argument", message, { streamId });
  if (streamId.length === 0 || streamId.startsWith("$")) throw bad("invalid stream id");
  if (events.length === 0) throw bad("append needs at least one event");
  if (events.length > MAX_EVENTS_PER_APPEND) throw bad(`at most ${MAX_EVENTS_PER_APPEND} events per append`);
  if (typeof expected === "number" && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw bad("expected revision must be a non-negative integer, 'no_stream' or 'any'");
  }
  const ids = new Set<string>();
  for (const e of events) {
    if (!UUID.test(e.id)) throw bad("event id must be a UUID");
    if (e.type.length === 0) throw bad("event type must not be empty");
    const id = e.id.toLowerCase();
    if (ids.has(id)) throw bad("duplicate event id in one append");
    ids.add(id);
  }
}

/** JSON with sorted keys: equal for equal JSON values, like PostgreSQL's jsonb equality. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
