/**
 * A message the store refuses never stalls its partition. Anything but "store
 * unavailable" is permanent for that message (dead-lettered with the reason, then the next message
 * is ingested); unavailability is retried, and readiness says since when the partition is stalled.
 */
import { randomUUID } from "node:crypto";
import { type EventStore, EventStoreError, userStreamId } from "@factorlens/event-store";
import { DLQ_HEADERS, readHeaders } from "@factorlens/kafka";
import { describe, expect, it } from "vitest";
import { createIngest, domainValidator } from "./ingest";
import { smsDelivered, useIngestWorld } from "./test-world";

describe("ingest never stalls a partition on a message the store refuses", () => {
  const w = useIngestWorld("ingest-poison");

  it("dead-letters a schema-valid event PostgreSQL refuses, and any other non-outage append error, then ingests the next message", async () => {
    const topic = await w.k.createTopic("poison", 1);
    const dlqTopic = await w.k.createTopic("poison-dlq", 1);
    const nul = smsDelivered("p1", {
      data: { challengeId: randomUUID(), provider: "acme-sms", messageId: "m\u0000-1" },
    }); // jsonb cannot hold U+0000
    const exploding = smsDelivered("p2");
    const after = [smsDelivered("p1"), smsDelivered("p2"), smsDelivered("p3")];
    // A driver error the adapter does not map (not an EventStoreError): permanent for its message.
    const refusing: EventStore = Object.assign(Object.create(w.store) as EventStore, {
      appendToStream: (...args: Parameters<EventStore["appendToStream"]>) =>
        args[1].some((e) => e.id === exploding.eventId)
          ? Promise.reject(Object.assign(new Error("value too long for type"), { code: "22001" }))
          : w.store.appendToStream(...args),
    });
    const producer = w.k.kafka.producer({ idempotent: true });
    await producer.connect();
    for (const e of [nul, exploding, ...after]) {
      await producer.send({ topic, acks: -1, messages: [{ key: e.userId, value: JSON.stringify(e) }] });
    }
    await producer.disconnect();

    const stop = new AbortController();
    await createIngest({
      store: refusing,
      kafka: w.k.kafka,
      topic,
      dlqTopic,
      groupId: w.k.groupId("poison"),
      validate: domainValidator,
      now: () => new Date(),
      batchSize: 2,
      backoff: { initialMs: 5, maxMs: 20 },
      onCommitted: ({ offset }) => offset === "5" && stop.abort(),
    }).run(AbortSignal.any([stop.signal, AbortSignal.timeout(30_000)]));

    for (const e of after) {
      const stream = await w.store.readStream(userStreamId(e.userId));
      expect(stream.map((s) => s.id)).toContain(e.eventId);
    }
    const dead = await w.k.readUntil(dlqTopic, 2);
    const ids = dead.map((m) => JSON.parse(m.value?.toString("utf8") ?? "{}").eventId);
    expect(ids.sort()).toEqual([nul.eventId, exploding.eventId].sort());
    for (const m of dead) expect(readHeaders(m.headers)[DLQ_HEADERS.reason]).toMatch(/^\w+: .+/);
  });

  it("retries while the store is unavailable and says since when the partition is stalled, then moves on", async () => {
    const topic = await w.k.createTopic("stall", 1);
    const dlqTopic = await w.k.createTopic("stall-dlq", 1);
    const event = smsDelivered("s1");
    let down = true;
    let refused = 0;
    const outage: EventStore = Object.assign(Object.create(w.store) as EventStore, {
      appendToStream: (...args: Parameters<EventStore["appendToStream"]>) => {
        if (!down) return w.store.appendToStream(...args);
        refused++;
        return Promise.reject(new EventStoreError("unavailable", "event store unavailable during append"));
      },
    });
    const producer = w.k.kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: "s1", value: JSON.stringify(event) }] });
    await producer.disconnect();
    const stop = new AbortController();
    const ingest = createIngest({
      store: outage,
      kafka: w.k.kafka,
      topic,
      dlqTopic,
      groupId: w.k.groupId("stall"),
      validate: domainValidator,
      now: () => new Date(),
      backoff: { initialMs: 5, maxMs: 20 },
      stallAfterMs: 0,
      onCommitted: () => stop.abort(),
    });
    const running = ingest.run(AbortSignal.any([stop.signal, AbortSignal.timeout(30_000)]));
    await expect.poll(() => refused, { timeout: 20_000 }).toBeGreaterThan(2);
    const state = ingest.ready();
    expect(state.ready).toBe(false);
    expect(state.ready === false && state.reason).toMatch(
      new RegExp(`^ingest stalled since \\d{4}-\\d\\d-\\d\\dT.+ at ${topic}\\[0\\] offset 0: .*unavailable`),
    );
    down = false;
    await running;
    expect((await w.store.readStream(userStreamId("s1"))).map((e) => e.id)).toEqual([event.eventId]);
  });
});
