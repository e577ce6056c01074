import { describe, expect, it } from "vitest";
import { useTestDatabase, useTestKafka } from "./fixtures";

describe("real PostgreSQL", () => {
  const db = useTestDatabase("smoke");

  it("gives each test file its own empty database where tables can be created and read", async () => {
    const { rows: before } = await db.pool.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(before[0].n).toBe(0);
    await db.pool.query("CREATE TABLE smoke (id int PRIMARY KEY, note text NOT NULL)");
    await db.pool.query("INSERT INTO smoke VALUES ($1, $2), ($3, $4)", [1, "one", 2, "two"]);
    const { rows } = await db.pool.query("SELECT note FROM smoke ORDER BY id");
    expect(rows.map((r) => r.note)).toEqual(["one", "two"]);
    const { rows: version } = await db.pool.query("SHOW server_version_num");
    expect(Number(version[0].server_version_num)).toBeGreaterThanOrEqual(140000);
  });
});

describe("real Kafka broker", () => {
  const k = useTestKafka("smoke");

  it("delivers a produced message, key and headers intact, to a consumer group", async () => {
    const topic = await k.createTopic("smoke", 1);
    const producer = k.kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: "user-1", value: JSON.stringify({ hello: "kafka" }), headers: { v: "1" } }],
    });
    await producer.disconnect();

    const consumer = k.kafka.consumer({ groupId: k.groupId("smoke") });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; value: unknown; v: string }>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            resolve({
              key: message.key?.toString() ?? "",
              value: JSON.parse(message.value?.toString() ?? "null"),
              v: message.headers?.v?.toString() ?? "",
            });
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    expect(received).toEqual({ key: "user-1", value: { hello: "kafka" }, v: "1" });
  });
});
