import { type EventStore, EventStoreError, userStreamId } from "@factorlens/event-store";
import { DLQ_HEADERS, readHeaders } from "@factorlens/kafka";
import { describe, expect, it } from "vitest";
import { createIngest, domainValidator } from "./ingest";
import { smsDelivered, useIngestWorld } from "./test-world";

/** Fails the first `n` appends as an unreachable store would. */
function flaky(store: EventStore, n: number): EventStore & { failures: () => number } {
  let failed = 0;
  return Object.assign(Object.create(store) as EventStore, {
    appendToStream: (...args: Parameters<EventStore["appendToStream"]>) => {
      if (failed < n) {
        failed++;
        return Promise.reject(new EventStoreError("unavailable", "connection refused"));
      }
      return store.appendToStream(...args);
    },
    failures: () => failed,
  });
}

describe("ingest on the real broker and the real PostgreSQL store", () => {
  const w = useIngestWorld("ingest");

  it("appends good events exactly once, dead-letters each bad one with its reason and bytes, and keeps consuming through a store outage", async () => {
    const topic = await w.k.createTopic("inbound", 2);
    const dlqTopic = await w.k.createTopic("inbound-dlq", 1);
    const good = ["u1", "u2", "u1", "u3", "u2"].map((u) => smsDelivered(u));
    const bytes = (v: unknown) => Buffer.from(JSON.stringify(v));
    const bad = {
      malformed_json: Buffer.from('{"eventId": "x", "type": '),
      unknown_type: bytes(smsDelivered("u1", { type: "FactorTeleported" })),
      schema_violation: bytes(smsDelivered("u2", { data: { provider: "acme-sms" } })),
      oversized: bytes(smsDelivered("u3", { context: { userAgent: "x".repeat(70 * 1024) } })),
      type_not_allowed: bytes(
        smsDelivered("u3", {
          type: "FactorDisabled",
          data: { method: "sms", by: "user", reason: "lost phone" },
        }),
      ),
      unappendable: bytes({ ...good[1], data: { ...good[1]!.data, provider: "other" } }),
      unstorable_text: bytes(smsDelivered("u1", { context: { userAgent: "ua\u0000" } })), // jsonb refuses it
    };
    const sends: { key: string; value: Buffer }[] = [
      { key: "u1", value: bytes(good[0]) },
      { key: "u1", value: bad.malformed_json },
      { key: "u2", value: bytes(good[1]) },
      { key: "u1", value: bad.unknown_type },
      { key: "u1", value: bytes(good[0]) }, // duplicate delivery
      { key: "u1", value: bytes(good[2]) },
      { key: "u2", value: bad.schema_violation },
      { key: "u3", value: bad.oversized },
      { key: "u3", value: bytes(good[3]) },
      { key: "u3", value: bad.type_not_allowed }, // valid, but 2FA cannot be turned off from the bus
      { key: "u2", value: bad.unappendable }, // good[1]'s id, other content
      { key: "u2", value: bytes(good[4]) },
      { key: "u2", value: bytes(good[1]) }, // duplicate delivery
      { key: "u1", value: bad.unstorable_text },
    ];
    const producer = w.k.kafka.producer({ idempotent: true });
    await producer.connect();
    for (const m of sends) await producer.send({ topic, acks: -1, messages: [m] }); // one at a time: a known order
    await producer.disconnect();

    const admin = w.k.kafka.admin();
    await admin.connect();
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
    await admin.disconnect();

    const outage = flaky(w.store, 3);
    const stop = new AbortController();
    const committed = new Map<number, string>();
    const ingest = createIngest({
      store: outage,
      kafka: w.k.kafka,
      topic,
      dlqTopic,
      groupId: w.k.groupId("ingest"),
      validate: domainValidator,
      now: () => new Date("2026-11-26T12:00:00Z"),
      batchSize: 3,
      backoff: { initialMs: 5, maxMs: 20 },
      onCommitted: ({ partition, offset }) => {
        committed.set(partition, offset);
        if ([...ends].every(([p, high]) => (committed.get(p) ?? "0") === high)) stop.abort();
      },
    });
    await ingest.run(stop.signal);
    expect(outage.failures()).toBe(3);

    // Streams, not readAll: readAll may lag while any transaction on the cluster is open.
    const events = (
      await Promise.all(["u1", "u2", "u3"].map((u) => w.store.readStream(userStreamId(u))))
    ).flat();
    expect(events.map((e) => e.id).sort()).toEqual(good.map((g) => g.eventId).sort());
    for (const g of good) {
      const stream = await w.store.readStream(userStreamId(g.userId));
      expect(stream.filter((e) => e.id === g.eventId)).toHaveLength(1);
    }
    // Per-user order is kept: u1's events in the order they were sent.
    expect((await w.store.readStream(userStreamId("u1"))).map((e) => e.id)).toEqual([
      good[0]!.eventId,
      good[2]!.eventId,
    ]);

    const dead = await w.k.readUntil(dlqTopic, Object.keys(bad).length);
    const byReason = new Map(
      dead.map((m) => [readHeaders(m.headers)[DLQ_HEADERS.reason]!.split(":")[0]!, m]),
    );
    expect([...byReason.keys()].sort()).toEqual(Object.keys(bad).sort());
    for (const [reason, original] of Object.entries(bad)) {
      const m = byReason.get(reason)!;
      expect(m.value?.equals(original), reason).toBe(true);
      const h = readHeaders(m.headers);
      expect(h[DLQ_HEADERS.sourceTopic]).toBe(topic);
      expect(h[DLQ_HEADERS.failedAt]).toBe("2026-11-26T12:00:00.000Z");
      expect(Number(h[DLQ_HEADERS.offset])).toBeGreaterThanOrEqual(0);
    }
    expect(readHeaders(byReason.get("unappendable")!.headers)[DLQ_HEADERS.reason]).toMatch(
      /idempotency_conflict/,
    );
    expect(readHeaders(byReason.get("schema_violation")!.headers)[DLQ_HEADERS.reason]).toMatch(/challengeId/);
    expect(readHeaders(byReason.get("unstorable_text")!.headers)[DLQ_HEADERS.reason]).toMatch(
      /data\.context\.userAgent \(nul_character\)/,
    );
  });

  it("crashed after appending but before committing, then restarted: redelivered events are appended once", async () => {
    const topic = await w.k.createTopic("inbound-crash", 1);
    const dlqTopic = await w.k.createTopic("inbound-crash-dlq", 1);
    const events = Array.from({ length: 20 }, (_, i) => smsDelivered(`c${i % 4}`));
    const producer = w.k.kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: events.map((e) => ({ key: e.userId, value: JSON.stringify(e) })),
    });
    await producer.disconnect();
    const groupId = w.k.groupId("crash");
    const deps = {
      kafka: w.k.kafka,
      topic,
      dlqTopic,
      groupId,
      validate: domainValidator,
      now: () => new Date(),
      batchSize: 5,
    };

    // 1. The process dies right after its second append, before the step is committed.
    const appended = new Set<string>();
    let appends = 0;
    const death = new AbortController();
    const dying: EventStore = Object.assign(Object.create(w.store) as EventStore, {
      appendToStream: async (...args: Parameters<EventStore["appendToStream"]>) => {
        const result = await w.store.appendToStream(...args);
        for (const e of args[1]) appended.add(e.id);
        if (++appends === 2) {
          death.abort();
          throw new EventStoreError("unavailable", "simulated death after append, before commit");
        }
        return result;
      },
    });
    await createIngest({ ...deps, store: dying }).run(death.signal);
    const admin = w.k.kafka.admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    const committed = Math.max(0, Number(offsets?.partitions[0]?.offset ?? "-1"));
    const redelivered = events.slice(committed).filter((e) => appended.has(e.eventId));
    expect(redelivered.length).toBeGreaterThan(0); // appended but not committed: will come again

    // 2. Restarted on the same group: consumes to the end.
    const stop = new AbortController();
    await createIngest({
      ...deps,
      store: w.store,
      onCommitted: ({ offset }) => offset === String(events.length) && stop.abort(),
    }).run(stop.signal);

    const stored = (
      await Promise.all(["c0", "c1", "c2", "c3"].map((u) => w.store.readStream(userStreamId(u))))
    ).flat();
    expect(stored.map((e) => e.id).sort()).toEqual(events.map((e) => e.eventId).sort());
  });
});
