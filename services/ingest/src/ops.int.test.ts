import { metricValue } from "@factorlens/service-kit";
import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "./config";
import { start } from "./start";
import { smsDelivered, useIngestWorld } from "./test-world";

describe("ingest ops server and metrics", () => {
  const w = useIngestWorld("ingest-ops", { withStore: false });

  it("is ready once in its group and counts consumed, appended, duplicate and dead-lettered messages", async () => {
    const topic = await w.k.createTopic("inbound-ops", 1);
    const dlqTopic = await w.k.createTopic("inbound-ops-dlq", 1);
    const config = {
      ...loadConfig({
        DATABASE_URL: w.db.url,
        KAFKA_BROKERS: w.k.brokers.join(","),
        INGEST_TOPIC: topic,
        INGEST_DLQ_TOPIC: dlqTopic,
        INGEST_GROUP_ID: w.k.groupId("ingest-ops"),
        INGEST_ENSURE_TOPICS: "false",
      }),
      ops: { host: "127.0.0.1", port: 0 },
    };
    const running = await start(config, { logger: pino({ level: "silent" }) });
    const opsUrl = running.urls.ops;
    try {
      const get = (path: string) => fetch(`${opsUrl}${path}`);
      expect((await get("/healthz")).status).toBe(200);
      await vi.waitFor(async () => expect((await get("/readyz")).status).toBe(200), { timeout: 30_000 });

      const good = [smsDelivered("u1"), smsDelivered("u2"), smsDelivered("u1")];
      const producer = w.k.kafka.producer({ idempotent: true });
      await producer.connect();
      // One send on one partition: one fetch, one step (the duplicate is seen within the step).
      await producer.send({
        topic,
        acks: -1,
        messages: [
          ...good.map((e) => ({ key: e.userId, value: JSON.stringify(e) })),
          { key: "u1", value: '{"eventId": "x", "type": ' },
          { key: "u2", value: JSON.stringify({ ...smsDelivered("u2"), type: "FactorTeleported" }) },
          { key: "u2", value: JSON.stringify(good[1]) }, // duplicate delivery
          { key: "u3", value: JSON.stringify(smsDelivered("u3")) },
        ],
      });
      await producer.disconnect();

      const text = await vi.waitFor(
        async () => {
          const t = await (await get("/metrics")).text();
          expect(metricValue(t, "factorlens_ingest_messages_consumed_total")).toBe(7);
          return t;
        },
        { timeout: 30_000, interval: 50 },
      );
      expect(metricValue(text, 'factorlens_ingest_dead_lettered_total{reason="malformed_json"}')).toBe(1);
      expect(metricValue(text, 'factorlens_ingest_dead_lettered_total{reason="unknown_type"}')).toBe(1);
      expect(text).not.toContain('reason="schema_violation"');
      expect(metricValue(text, "factorlens_ingest_duplicates_total")).toBe(1);
      expect(metricValue(text, "factorlens_ingest_events_appended_total")).toBe(5);
      expect(metricValue(text, "factorlens_ingest_append_duration_seconds_count")).toBe(1);
      expect(text).not.toMatch(/u1|u2|u3|FactorTeleported/);
    } finally {
      await running.close();
    }
    await expect(fetch(`${opsUrl}/healthz`)).rejects.toThrow();
  });
});
