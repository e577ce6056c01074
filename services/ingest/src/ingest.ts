/**
 * Kafka `tfa.inbound.v1` → validated → appended to the user's stream; offsets committed only
 * after the append. A message that can never be accepted (oversized, malformed JSON, unknown type,
 * schema violation, unappendable) goes to the DLQ with its original bytes and the reason, and
 * consumption continues. When the store (or the DLQ) is unavailable nothing is committed: the
 * batch is retried with backoff, so a good message is never dead-lettered for an outage.
 * Duplicates are appended once: the store's append is idempotent by event id.
 */
import { type EventStore, isUnavailableError, userStreamId } from "@factorlens/event-store";
import {
  CONSUMER_GROUP_TIMING,
  type CommittedOffset,
  type ConsumedBatch,
  createDlqPublisher,
  createIdempotentProducer,
  type DeadLetter,
  type Logger,
  runConsumer,
  silentLogger,
} from "@factorlens/kafka";
import { notReady, READY, type Readiness } from "@factorlens/service-kit";
import type { Kafka, KafkaMessage } from "kafkajs";
import type { IngestMetrics } from "./metrics";
import {
  allowOnly,
  DEFAULT_INBOUND_TYPES,
  type InboundValidator,
  type RejectionKind,
  type ValidatedEvent,
  type ValidationResult,
} from "./validate";

export interface IngestDeps {
  store: EventStore;
  kafka: Kafka;
  topic: string;
  dlqTopic: string;
  groupId: string;
  validate: InboundValidator;
  /** Event types accepted from the bus; others go to the DLQ. Default DEFAULT_INBOUND_TYPES (safe by default). */
  allowedTypes?: readonly string[];
  now: () => Date;
  /** Larger values go to the DLQ as `oversized`. Default 64 KiB. */
  maxMessageBytes?: number;
  /** Messages handled per step (one commit per step and partition). Default 500. */
  batchSize?: number;
  /** Streams appended in parallel within a step (order within a stream is kept); the store groups them into a few statements. Default 32. */
  concurrency?: number;
  /** Partitions handled at once (each with its own commits). Default 1. */
  partitionsConsumedConcurrently?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** A partition whose step has not succeeded for this long makes the ingest unready ("stalled since …"). Default 3000 ms. */
  stallAfterMs?: number;
  logger?: Logger;
  onCommitted?(offset: CommittedOffset): void;
  metrics?: IngestMetrics;
}

export interface Ingest {
  /** Consumes until `signal` aborts (resolves) or a programming error stops it (rejects). */
  run(signal: AbortSignal): Promise<void>;
  /** Ready while the consumer is in its group and no partition is stalled; else why not. */
  ready(): Readiness;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

/** Size, presence and JSON checks, then the validator. */
export function checkMessage(
  message: KafkaMessage,
  validate: InboundValidator,
  maxBytes: number,
): ValidationResult {
  const value = message.value;
  if (!value || value.length === 0) return { ok: false, kind: "empty_value", reason: "message has no value" };
  if (value.length > maxBytes) {
    return { ok: false, kind: "oversized", reason: `value is ${value.length} bytes, limit ${maxBytes}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(value.toString("utf8"));
  } catch {
    return { ok: false, kind: "malformed_json", reason: "value is not valid JSON" };
  }
  const result = validate(json);
  // Per-user order rests on the key being the user id: a keyed message for another user is refused
  // (it could land on another user's partition, out of order with that user's events).
  if (
    result.ok &&
    message.key &&
    message.key.length > 0 &&
    message.key.toString("utf8") !== result.event.userId
  ) {
    return { ok: false, kind: "key_mismatch", reason: "message key is not the event's userId" };
  }
  return result;
}

/** Errors worth retrying: everything but programming errors (the handler dead-letters bad messages itself). */
export const isRetryable = (error: unknown): boolean =>
  !(error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError);

/**
 * Every append error but "store unavailable" is permanent for its message (a refused value, an id
 * stored with other content, a driver error the adapter does not map): retrying cannot help, and
 * retrying it would stall the partition for good. Unavailability is retried with backoff.
 */
const isPermanentAppendError = (e: unknown): boolean => !isUnavailableError(e);

const reasonOf = (e: unknown): string => {
  if (!(e instanceof Error)) return String(e);
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" ? `${code}: ${e.message}` : `${e.name}: ${e.message}`;
};

interface Accepted extends ValidatedEvent {
  message: KafkaMessage;
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function createIngest(deps: IngestDeps): Ingest {
  const logger = deps.logger ?? silentLogger;
  const maxBytes = deps.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const validate = allowOnly(deps.allowedTypes ?? DEFAULT_INBOUND_TYPES, deps.validate);

  /** Appends one stream's events in order; whole-stream first, event by event when that is refused. */
  async function appendStream(
    streamId: string,
    items: Accepted[],
    reject: (a: Accepted, e: unknown) => void,
  ): Promise<number> {
    try {
      await deps.store.appendToStream(
        streamId,
        items.map((i) => i.event),
        { expectedRevision: "any" },
      );
      return items.length;
    } catch (e) {
      if (!isPermanentAppendError(e) || items.length === 1) {
        if (isPermanentAppendError(e)) reject(items[0]!, e);
        else throw e;
        return 0;
      }
    }
    let appended = 0;
    for (const item of items) {
      try {
        await deps.store.appendToStream(streamId, [item.event], { expectedRevision: "any" });
        appended++;
      } catch (e) {
        if (!isPermanentAppendError(e)) throw e;
        reject(item, e);
      }
    }
    return appended;
  }

  let running = false;
  const stallAfterMs = deps.stallAfterMs ?? 3000;
  /** Per partition: the step being handled (first offset), since when, and its last failure. */
  const pending = new Map<number, { offset: string; since: Date; error: string | null }>();

  return {
    ready() {
      if (!running) return notReady("ingest is not consuming (not in its consumer group)");
      const now = Date.now();
      for (const [partition, p] of pending) {
        if (now - p.since.getTime() < stallAfterMs) continue;
        const why = p.error === null ? "step still running" : p.error;
        return notReady(
          `ingest stalled since ${p.since.toISOString()} at ${deps.topic}[${partition}] offset ${p.offset}: ${why}`,
        );
      }
      return READY;
    },
    async run(signal) {
      const producer = createIdempotentProducer(deps.kafka);
      await producer.connect();
      const dlq = createDlqPublisher({ producer, topic: deps.dlqTopic, now: deps.now });

      /** Tracks since when a partition's step has not succeeded (readiness), around `handleStep`. */
      const handleBatch = async (batch: ConsumedBatch) => {
        const offset = batch.messages[0]?.offset ?? "?";
        const current = pending.get(batch.partition);
        if (current?.offset !== offset) {
          pending.set(batch.partition, { offset, since: new Date(), error: null });
        }
        try {
          await handleStep(batch);
          pending.delete(batch.partition);
        } catch (e) {
          const p = pending.get(batch.partition);
          if (p) p.error = reasonOf(e);
          throw e;
        }
      };
      const handleStep = async ({ topic, partition, messages }: ConsumedBatch) => {
        const letters: DeadLetter[] = [];
        const kinds: RejectionKind[] = [];
        const streams = new Map<string, Accepted[]>();
        const ids = new Set<string>();
        let duplicates = 0;
        let appended = 0;
        const letter = (message: KafkaMessage, kind: RejectionKind, detail: string) => {
          letters.push({ message, sourceTopic: topic, partition, reason: `${kind}: ${detail}` });
          kinds.push(kind);
        };
        for (const message of messages) {
          const checked = checkMessage(message, validate, maxBytes);
          if (!checked.ok) {
            letter(message, checked.kind, checked.reason);
            continue;
          }
          if (ids.has(checked.event.event.id)) duplicates++;
          ids.add(checked.event.event.id);
          const streamId = userStreamId(checked.event.userId);
          const list = streams.get(streamId) ?? [];
          list.push({ ...checked.event, message });
          streams.set(streamId, list);
        }
        const started = performance.now();
        await forEachLimited([...streams], deps.concurrency ?? 32, async ([streamId, items]) => {
          const n = await appendStream(streamId, items, (item, e) =>
            letter(item.message, "unappendable", reasonOf(e)),
          );
          appended += n; // not `appended += await …`: that reads `appended` before the await
        });
        const appendSeconds = (performance.now() - started) / 1000;
        if (letters.length > 0) {
          letters.sort((a, b) => Number(BigInt(a.message.offset) - BigInt(b.message.offset)));
          await dlq.publish(letters);
          for (const l of letters) {
            logger.warn({ topic, partition, offset: l.message.offset, reason: l.reason }, "dead-lettered");
          }
        }
        // Counted once the step succeeded: a step retried after an outage is not counted twice.
        const m = deps.metrics;
        if (m) {
          m.consumed.inc(messages.length);
          m.appended.inc(appended);
          if (duplicates > 0) m.duplicates.inc(duplicates);
          if (streams.size > 0) m.appendDuration.observe(appendSeconds);
          for (const kind of kinds) m.deadLetter(kind);
        }
      };
      const consumer = deps.kafka.consumer({ groupId: deps.groupId, ...CONSUMER_GROUP_TIMING });
      consumer.on(consumer.events.GROUP_JOIN, () => {
        running = true;
      });
      for (const stopped of [consumer.events.STOP, consumer.events.CRASH, consumer.events.DISCONNECT]) {
        consumer.on(stopped, () => {
          running = false;
        });
      }

      try {
        await runConsumer({
          consumer,
          topic: deps.topic,
          signal,
          handleBatch,
          isRetryable,
          maxBatchSize: deps.batchSize ?? 500,
          partitionsConsumedConcurrently: deps.partitionsConsumedConcurrently ?? 1,
          logger,
          ...(deps.backoff ? { backoff: deps.backoff } : {}),
          ...(deps.onCommitted ? { onCommitted: deps.onCommitted } : {}),
        });
      } finally {
        running = false;
        pending.clear();
        await producer.disconnect();
      }
    },
  };
}

export { createIngestMetrics, type IngestMetrics } from "./metrics";
export {
  allowOnly,
  DEFAULT_INBOUND_TYPES,
  domainValidator,
  type InboundValidator,
  type RejectionKind,
  type ValidationResult,
} from "./validate";
