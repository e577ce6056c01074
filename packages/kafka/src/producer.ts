import type { Kafka, Message, Producer, RecordMetadata } from "kafkajs";
import { CompressionTypes } from "kafkajs";

export interface ProducerOptions {
  /** 1..5 as idempotence requires; default 1 (strict per-partition order even across retries). */
  maxInFlightRequests?: number;
  compression?: CompressionTypes;
}

/**
 * An idempotent producer: the broker dedupes retried batches (producer id + sequence numbers),
 * acks from all in-sync replicas, unlimited retries (kafkajs default for idempotence).
 */
export function createIdempotentProducer(kafka: Kafka, options: ProducerOptions = {}): Producer {
  const maxInFlightRequests = options.maxInFlightRequests ?? 1;
  if (!Number.isInteger(maxInFlightRequests) || maxInFlightRequests < 1 || maxInFlightRequests > 5) {
    throw new RangeError("maxInFlightRequests must be an integer in 1..5 for an idempotent producer");
  }
  return kafka.producer({ idempotent: true, maxInFlightRequests, allowAutoTopicCreation: false });
}

/** Sends and resolves only once every replica in sync acknowledged (acks = all). */
export async function publish(
  producer: Producer,
  topic: string,
  messages: Message[],
  compression: CompressionTypes = CompressionTypes.None,
): Promise<RecordMetadata[]> {
  if (messages.length === 0) return [];
  return producer.send({ topic, messages, acks: -1, compression });
}
