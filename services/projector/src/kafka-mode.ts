import { type ConsumedBatch, decodeEvent, runConsumer } from "@factorlens/kafka";
import {
  DEFAULT_SCHEMA,
  type GeoResolver,
  type ProjectableEvent,
  type ProjectResult,
  projectBatch,
  schemaOf,
} from "@factorlens/read-models";
import type { Consumer } from "kafkajs";
import type pg from "pg";
import { type Logger, silentLogger } from "./logger";
import { inTransaction } from "./projector";

export interface KafkaProjectorDeps {
  pool: pg.Pool;
  consumer: Consumer;
  topic: string;
  geo: GeoResolver;
  schema?: string;
  maxBatchSize?: number;
  logger?: Logger;
  /** Called after each committed slice (metrics). */
  onBatch?(info: { events: number; result: ProjectResult; seconds: number }): void;
}

/**
 * Scale-out mode: the same projection over `tfa.events.v1` in a consumer group. Each slice of a
 * partition is projected and its offset recorded in one transaction; Kafka's offset is committed
 * after. A redelivery (crash between the two) is absorbed by the event-id guard. A message that
 * is not an event envelope is recorded in projection_errors (never dropped silently, never blocking).
 */
export async function runKafkaProjector(deps: KafkaProjectorDeps, signal: AbortSignal): Promise<void> {
  const schema = deps.schema ?? DEFAULT_SCHEMA;
  const logger = deps.logger ?? silentLogger;
  const handleBatch = async ({ topic, partition, messages }: ConsumedBatch) => {
    const events: ProjectableEvent[] = [];
    const bad: { event_id: string; reason: string; offset: string }[] = [];
    for (const m of messages) {
      try {
        const { envelope } = decodeEvent(m);
        events.push({ ...envelope, position: BigInt(envelope.position) });
      } catch (e) {
        bad.push({
          event_id: `kafka:${topic}:${partition}:${m.offset}`,
          reason: (e as Error).message,
          offset: m.offset,
        });
      }
    }
    const last = messages[messages.length - 1]!.offset;
    const started = performance.now();
    const result = await inTransaction(deps.pool, async (client) => {
      const r = await projectBatch(client, events, { schema, geo: deps.geo });
      const s = schemaOf(schema);
      for (const b of bad) {
        await client.query(
          `INSERT INTO ${s}.projection_errors (event_id, event_type, position, reason) VALUES ($1, 'kafka_message', $2, $3)
           ON CONFLICT (event_id) DO NOTHING`,
          [b.event_id, b.offset, b.reason],
        );
      }
      await client.query(
        `INSERT INTO ${s}.checkpoints (subscriber_id, position) VALUES ($1, $2)
         ON CONFLICT (subscriber_id) DO UPDATE SET position = greatest(${s}.checkpoints.position, EXCLUDED.position), updated_at = now()`,
        [`kafka:${topic}:${partition}`, last],
      );
      return r;
    });
    deps.onBatch?.({
      events: messages.length,
      result: { ...result, invalid: result.invalid + bad.length },
      seconds: (performance.now() - started) / 1000,
    });
    if (bad.length > 0)
      logger.warn({ topic, partition, count: bad.length }, "messages that are not events recorded");
  };
  await runConsumer({
    consumer: deps.consumer,
    topic: deps.topic,
    fromBeginning: true,
    signal,
    handleBatch,
    isRetryable: () => true,
    maxBatchSize: deps.maxBatchSize ?? 1000,
    logger,
  });
}
