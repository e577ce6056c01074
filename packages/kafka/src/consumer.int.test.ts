import { useTestKafka } from "@factorlens/testkit";
import { describe, expect, it } from "vitest";
import { readHeaders } from "./codec";
import { type CommittedOffset, runConsumer } from "./consumer";
import { createDlqPublisher, DLQ_HEADERS } from "./dlq";
import { createIdempotentProducer, publish } from "./producer";
import { ensureTopics } from "./topics";

class Transient extends Error {}

describe("consumer helper, producer and DLQ on the real broker", () => {
  const k = useTestKafka("kafka-pkg");
  /** Publishes through the package's idempotent producer, connected for this call only. */
  const publishAll = async (topic: string, messages: Parameters<typeof publish>[2]) => {
    const producer = createIdempotentProducer(k.kafka);
    await producer.connect();
    await publish(producer, topic, messages);
    await producer.disconnect();
  };

  it("retries a transient failure without committing, then commits after success", async () => {
    const topic = await k.createTopic("consume", 1);
    await publishAll(
      topic,
      ["a", "b", "c"].map((v) => ({ key: "u", value: v })),
    );
    const handled: string[] = [];
    let failures = 2;
    const ac = new AbortController();
    const committed: CommittedOffset[] = [];
    const groupId = k.groupId("c");
    await runConsumer({
      consumer: k.kafka.consumer({ groupId }),
      topic,
      signal: ac.signal,
      backoff: { initialMs: 10, maxMs: 20 },
      isRetryable: (e) => e instanceof Transient,
      handleBatch: async ({ messages }) => {
        if (failures-- > 0) throw new Transient("store down");
        handled.push(...messages.map((m) => m.value?.toString() ?? ""));
      },
      onCommitted: (o) => {
        committed.push(o);
        // Once a-c are committed, one more message arrives: it must be the only thing handled next.
        if (o.offset === "3") void publishAll(topic, [{ key: "u", value: "d" }]);
        if (o.offset === "4") ac.abort();
      },
    });
    expect(handled).toEqual(["a", "b", "c", "d"]); // no redelivery of committed messages
    expect(await k.committedOffset(groupId, topic)).toBe("4");
  });

  it("stops and rejects on a non-retryable failure, committing nothing past it", async () => {
    const topic = await k.createTopic("fatal", 1);
    await publishAll(topic, [{ value: "x" }]);
    const groupId = k.groupId("f");
    await expect(
      runConsumer({
        consumer: k.kafka.consumer({ groupId }),
        topic,
        signal: new AbortController().signal,
        isRetryable: () => false,
        handleBatch: async () => {
          throw new Error("bug");
        },
      }),
    ).rejects.toThrow("bug");
    expect(await k.committedOffset(groupId, topic)).toBe("-1");
  });

  it("dead-letters the original bytes and headers with the reason and source", async () => {
    const dlq = await k.createTopic("dlq", 1);
    const producer = createIdempotentProducer(k.kafka);
    await producer.connect();
    const original = Buffer.from([0x7b, 0xff, 0x00, 0x22]);
    await createDlqPublisher({ producer, topic: dlq, now: () => new Date("2026-01-01T00:00:00Z") }).publish([
      {
        message: { key: Buffer.from("u1"), value: original, headers: { origin: "sms-gw" }, offset: "41" },
        sourceTopic: "tfa.inbound.v1",
        partition: 2,
        reason: "malformed_json",
      },
    ]);
    await producer.disconnect();
    const consumer = k.kafka.consumer({ groupId: k.groupId("d") });
    await consumer.connect();
    await consumer.subscribe({ topic: dlq, fromBeginning: true });
    const got = await new Promise<{ value: Buffer | null; headers: Record<string, string> }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) =>
          resolve({ value: message.value, headers: readHeaders(message.headers) }),
      });
    });
    await consumer.disconnect();
    expect(got.value?.equals(original)).toBe(true);
    expect(got.headers).toEqual({
      origin: "sms-gw",
      [DLQ_HEADERS.reason]: "malformed_json",
      [DLQ_HEADERS.sourceTopic]: "tfa.inbound.v1",
      [DLQ_HEADERS.partition]: "2",
      [DLQ_HEADERS.offset]: "41",
      [DLQ_HEADERS.failedAt]: "2026-01-01T00:00:00.000Z",
    });
  });

  it("ensureTopics creates only the missing topics", async () => {
    const existing = await k.createTopic("exists", 1);
    const admin = k.kafka.admin();
    await admin.connect();
    const fresh = `${existing}-new`;
    try {
      const created = await ensureTopics(admin, [{ topic: existing }, { topic: fresh, numPartitions: 2 }]);
      expect(created).toEqual([fresh]);
      expect(await ensureTopics(admin, [{ topic: fresh }])).toEqual([]);
    } finally {
      await admin.deleteTopics({ topics: [fresh] });
      await admin.disconnect();
    }
  });
});
