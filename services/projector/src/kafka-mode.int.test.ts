import { toStoredEvent } from "@factorlens/domain";
import type { RecordedEvent } from "@factorlens/event-store";
import { encodeEvent } from "@factorlens/kafka";
import { migrate, nullGeoResolver, projectBatch } from "@factorlens/read-models";
import { dumpTables, generateEvents } from "@factorlens/read-models/testing";
import { createTestDatabase, createTestKafka, type TestDatabase, type TestKafka } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runKafkaProjector } from "./kafka-mode";

describe("Kafka mode (consumer group on the events topic)", () => {
  let db: TestDatabase;
  let tk: TestKafka;
  beforeAll(async () => {
    [db, tk] = await Promise.all([createTestDatabase("projector_kafka"), createTestKafka("projector-test")]);
    await migrate(db.pool, { schema: "rm_kafka" });
    await migrate(db.pool, { schema: "rm_store" });
  });
  afterAll(async () => {
    await tk.cleanup();
    await db.drop();
  });

  it("projects the same tables as store mode; redelivery changes nothing; garbage is recorded", async () => {
    const recorded: RecordedEvent[] = generateEvents(20).map((e, i) => ({
      ...toStoredEvent(e),
      streamId: `tfa-user-${e.userId}`,
      revision: i,
      position: BigInt(i + 1),
      recordedAt: new Date(e.occurredAt),
    }));
    const topic = await tk.createTopic("events", 3);
    const producer = tk.kafka.producer();
    await producer.connect();
    // Every event twice (a relay restart republishes under the same id), plus one non-event.
    await producer.send({ topic, messages: recorded.map(encodeEvent) });
    await producer.send({ topic, messages: recorded.slice(0, 50).map(encodeEvent) });
    await producer.send({ topic, messages: [{ key: "x", value: Buffer.from("not json") }] });
    await producer.disconnect();

    const controller = new AbortController();
    const consumer = tk.kafka.consumer({ groupId: tk.groupId("projector") });
    const run = runKafkaProjector(
      { pool: db.pool, consumer, topic, geo: nullGeoResolver, schema: "rm_kafka", maxBatchSize: 64 },
      controller.signal,
    );
    await vi.waitFor(
      async () => {
        const r = await db.pool.query(
          "SELECT (SELECT count(*)::int FROM rm_kafka.projected_events) AS n, (SELECT count(*)::int FROM rm_kafka.projection_errors) AS e",
        );
        if (r.rows[0].n !== recorded.length || r.rows[0].e !== 1) throw new Error("not done");
      },
      { timeout: 60_000, interval: 50 },
    );
    controller.abort();
    await run;

    await projectBatch(db.pool, recorded, { schema: "rm_store", geo: nullGeoResolver });
    expect(await dumpTables(db.pool, "rm_kafka")).toEqual(await dumpTables(db.pool, "rm_store"));
    const offsets = await db.pool.query(
      "SELECT count(*)::int AS n FROM rm_kafka.checkpoints WHERE subscriber_id LIKE 'kafka:%'",
    );
    expect(offsets.rows[0].n).toBe(3);
  }, 90_000);
});
