/**
 * Dead-letter publishing: the original bytes (key, value, headers) of a message that could not be
 * accepted, plus headers saying why and where it came from. Nothing is dropped.
 */
import type { IHeaders, KafkaMessage, Producer } from "kafkajs";
import { publish } from "./producer";

export const DLQ_HEADERS = {
  reason: "dlq-reason",
  sourceTopic: "dlq-source-topic",
  partition: "dlq-partition",
  offset: "dlq-offset",
  failedAt: "dlq-failed-at",
} as const;

export interface DeadLetter {
  message: Pick<KafkaMessage, "key" | "value" | "headers" | "offset">;
  sourceTopic: string;
  partition: number;
  /** Short, secret-free reason such as `malformed_json` or `schema_violation: data.userId: Required`. */
  reason: string;
}

export interface DlqPublisher {
  publish(letters: DeadLetter[]): Promise<void>;
}

const MAX_REASON = 500;

export function createDlqPublisher(deps: {
  producer: Producer;
  topic: string;
  now: () => Date;
}): DlqPublisher {
  return {
    async publish(letters) {
      await publish(
        deps.producer,
        deps.topic,
        letters.map((l) => {
          const headers: IHeaders = {
            ...(l.message.headers ?? {}),
            [DLQ_HEADERS.reason]: l.reason.slice(0, MAX_REASON),
            [DLQ_HEADERS.sourceTopic]: l.sourceTopic,
            [DLQ_HEADERS.partition]: String(l.partition),
            [DLQ_HEADERS.offset]: l.message.offset,
            [DLQ_HEADERS.failedAt]: deps.now().toISOString(),
          };
          return { key: l.message.key, value: l.message.value, headers };
        }),
      );
    },
  };
}
