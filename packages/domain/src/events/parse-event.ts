import type { z } from "zod";
import { EVENT_REGISTRY, type FactorlensEvent, isEventType } from "./catalogue";
import { DomainError } from "./domain-error";
import { type RawEvent, UPCASTERS } from "./upcasters";

const isObject = (v: unknown): v is RawEvent => typeof v === "object" && v !== null && !Array.isArray(v);

/** Issue paths and messages only: zod messages name fields and kinds, never the input values. */
const describe = (error: z.ZodError): string =>
  error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");

/**
 * Validates an event (object or JSON text) from the store or the wire and upcasts older schema
 * versions to the current one. Throws DomainError `event_invalid`, `event_type_unknown` or
 * `event_version_unsupported`.
 */
export const parseEvent = (json: unknown): FactorlensEvent => {
  let raw: unknown = json;
  if (typeof json === "string") {
    try {
      raw = JSON.parse(json);
    } catch {
      throw new DomainError("event_invalid", "event is not valid JSON");
    }
  }
  if (!isObject(raw)) throw new DomainError("event_invalid", "event must be a JSON object");
  const { type, version } = raw;
  if (typeof type !== "string") throw new DomainError("event_invalid", "event has no string `type`");
  if (!isEventType(type))
    throw new DomainError("event_type_unknown", `unknown event type ${JSON.stringify(type)}`);
  const entry = EVENT_REGISTRY[type];
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new DomainError("event_invalid", `${type}: \`version\` must be a positive integer`, {
      eventType: type,
    });
  }
  if (version > entry.version) {
    throw new DomainError(
      "event_version_unsupported",
      `${type} v${version} is newer than v${entry.version}`,
      {
        eventType: type,
        version,
      },
    );
  }
  let current = raw;
  for (let v = version; v < entry.version; v++) {
    const step = UPCASTERS[type]?.[v];
    if (!step) {
      throw new DomainError("event_version_unsupported", `${type} v${v} has no upcaster`, {
        eventType: type,
        version: v,
      });
    }
    const checked = step.schema.safeParse(current);
    if (!checked.success) {
      throw new DomainError("event_invalid", `${type} v${v}: ${describe(checked.error)}`, {
        eventType: type,
        version: v,
      });
    }
    current = step.upcast(current);
  }
  const result = entry.schema.safeParse(current);
  if (!result.success) {
    throw new DomainError("event_invalid", `${type} v${entry.version}: ${describe(result.error)}`, {
      eventType: type,
      version: entry.version,
    });
  }
  return result.data;
};

/** Like parseEvent, but returns a result instead of throwing (for ingest/DLQ paths). */
export const safeParseEvent = (
  json: unknown,
): { ok: true; event: FactorlensEvent } | { ok: false; error: DomainError } => {
  try {
    return { ok: true, event: parseEvent(json) };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, error: e };
    throw e;
  }
};
