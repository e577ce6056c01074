/**
 * Runs a handler over a topic with manual offset commits: a partition's offset is committed only
 * after the handler succeeded for the messages before it. A retryable failure (e.g. the store is
 * down) backs off and retries the same messages without committing; anything else stops the
 * consumer and rejects, so nothing is skipped silently.
 */
import type { Consumer, KafkaMessage } from "kafkajs";
import { type Logger, silentLogger } from "./errors";

export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  /** The next offset to read (last handled + 1), as Kafka stores it. */
  offset: string;
}

export interface RunConsumerOptions {
  consumer: Consumer;
  topic: string;
  fromBeginning?: boolean;
  /** Aborting stops consumption after the in-flight handler call; `runConsumer` then resolves. */
  signal: AbortSignal;
  handleBatch(batch: ConsumedBatch): Promise<void>;
  /** True: back off and retry the same messages; false: stop and reject with the error. */
  isRetryable(error: unknown): boolean;
  backoff?: { initialMs: number; maxMs: number };
  /** Largest slice of a fetched batch handed to `handleBatch` at once. Default 500. */
  maxBatchSize?: number;
  partitionsConsumedConcurrently?: number;
  logger?: Logger;
  onCommitted?(offset: CommittedOffset): void;
}

const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

export async function runConsumer(o: RunConsumerOptions): Promise<void> {
  const logger = o.logger ?? silentLogger;
  const { initialMs, maxMs } = o.backoff ?? { initialMs: 200, maxMs: 5_000 };
  const maxBatch = o.maxBatchSize ?? 500;
  const stop = new AbortController();
  let fatal: { error: unknown } | null = null;
  const onAbort = () => stop.abort();
  o.signal.addEventListener("abort", onAbort, { once: true });
  if (o.signal.aborted) stop.abort();

  try {
    await o.consumer.connect();
    await o.consumer.subscribe({ topics: [o.topic], fromBeginning: o.fromBeginning ?? true });
    await o.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        const { topic, partition } = batch;
        for (let i = 0; i < batch.messages.length; i += maxBatch) {
          const messages = batch.messages.slice(i, i + maxBatch);
          const last = messages[messages.length - 1];
          if (!last || stop.signal.aborted || !isRunning() || isStale()) return;
          for (let wait = initialMs; ; wait = Math.min(wait * 2, maxMs)) {
            try {
              await o.handleBatch({ topic, partition, messages });
              break;
            } catch (error) {
              if (!o.isRetryable(error)) {
                fatal ??= { error };
                stop.abort();
                return;
              }
              logger.warn(
                { topic, partition, offset: messages[0]?.offset, retryInMs: wait, err: describe(error) },
                "handler failed, retrying",
              );
              await heartbeat();
              await delay(wait, stop.signal);
              if (stop.signal.aborted) return;
            }
          }
          const offset = (BigInt(last.offset) + 1n).toString();
          resolveOffset(last.offset);
          await o.consumer.commitOffsets([{ topic, partition, offset }]);
          o.onCommitted?.({ topic, partition, offset });
          await heartbeat();
        }
      },
    });
    await new Promise<void>((resolve) => {
      if (stop.signal.aborted) resolve();
      else stop.signal.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    o.signal.removeEventListener("abort", onAbort);
    await o.consumer.disconnect();
  }
  if (fatal) throw (fatal as { error: unknown }).error;
}

/**
 * Adapts a per-message handler to `handleBatch`: messages in offset order; a retryable failure
 * retries from the slice's first message (handlers must be idempotent, which at-least-once needs anyway).
 */
export function eachMessage(
  handle: (message: KafkaMessage, at: { topic: string; partition: number }) => Promise<void>,
): RunConsumerOptions["handleBatch"] {
  return async ({ topic, partition, messages }) => {
    for (const message of messages) await handle(message, { topic, partition });
  };
}

/** Error summary for logs: name, code and message only (messages of this codebase never carry secrets). */
export function describe(error: unknown): { name: string; code?: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === "string" ? { code } : {}) };
  }
  return { name: typeof error, message: String(error) };
}
