/**
 * The relay as `pnpm start` runs it (`start` from config), with its ops server on an ephemeral
 * port: probes answer and the metrics follow the work; an event published redacted is counted.
 */
import { randomUUID } from "node:crypto";
import { createPostgresEventStore, userStreamId } from "@factorlens/event-store";
import { metricValue } from "@factorlens/service-kit";
import { expectSubscriptionCaughtUp, useFixture, useTestDatabase, useTestKafka } from "@factorlens/testkit";
import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "./config";
import { createRelay, createRelayMetrics } from "./relay";
import { start } from "./start";
import { challengeEvent } from "./testing/events";

const logger = pino({ level: "silent" });

const failed = (userId: string, data: Record<string, unknown> = {}) => challengeEvent(userId, { data });

describe("relay ops server and metrics", () => {
  const db = useTestDatabase("relay_ops");
  const k = useTestKafka("relay-ops-test");
  const store = useFixture(
    () => createPostgresEventStore({ connectionString: db.url }),
    (s) => s.close(),
  );

  it("serves probes and shows events published, the checkpoint and lag back to 0", async () => {
    const topic = await k.createTopic("relay-ops", 1);
    let last = 0n;
    let appended = 0;
    const append = async (users: number) => {
      for (let u = 0; u < users; u++) {
        const events = [failed(`user-${u}`), failed(`user-${u}`)];
        const r = await store.appendToStream(userStreamId(`user-${u}`), events, { expectedRevision: "any" });
        if (r.position > last) last = r.position;
        appended += events.length;
      }
    };
    await append(30);
    const config = {
      ...loadConfig({
        DATABASE_URL: db.url,
        KAFKA_BROKERS: k.brokers.join(","),
        RELAY_TOPIC: topic,
        RELAY_ENSURE_TOPICS: "false",
        RELAY_BATCH_SIZE: "16",
      }),
      ops: { host: "127.0.0.1", port: 0 },
      lagRefreshMs: 0,
    };
    const running = await start(config, { logger });
    const opsUrl = running.urls.ops;
    try {
      const get = (path: string) => fetch(`${opsUrl}${path}`);
      expect((await get("/healthz")).status).toBe(200);
      await vi.waitFor(async () => expect((await get("/readyz")).status).toBe(200), { timeout: 20_000 });
      const caughtUp = async () => {
        const text = await (await get("/metrics")).text();
        expect(metricValue(text, "factorlens_relay_events_published_total")).toBe(appended);
        expectSubscriptionCaughtUp((series) => metricValue(text, series), "factorlens_relay", last);
        return text;
      };
      const text = await vi.waitFor(caughtUp, { timeout: 30_000, interval: 50 });
      expect(metricValue(text, "factorlens_relay_publish_duration_seconds_count")).toBeGreaterThanOrEqual(
        Math.ceil(60 / 16),
      );
      await append(5); // live
      await vi.waitFor(caughtUp, { timeout: 30_000, interval: 50 });
    } finally {
      await running.close();
    }
    await expect(fetch(`${opsUrl}/healthz`)).rejects.toThrow();
  });

  it("counts an event published redacted by rule and stays ready", async () => {
    const topic = await k.createTopic("relay-ops-redact", 1);
    const subscriberId = `relay-${randomUUID()}`;
    const { position } = await store.appendToStream(
      userStreamId("user-s"),
      [failed("user-s", { secret: "JBSWY3DPEHPK3PXP" })],
      { expectedRevision: "any" },
    );
    await store.checkpoints.store(subscriberId, position - 1n, null);
    const metrics = createRelayMetrics();
    const relay = createRelay({ store, kafka: k.kafka, topic, subscriberId, metrics });
    const stop = new AbortController();
    const running = relay.run(stop.signal);
    try {
      await vi.waitFor(async () => expect(await store.checkpoints.load(subscriberId)).toBe(position), {
        timeout: 30_000,
        interval: 50,
      });
      const text = await metrics.registry.metrics();
      expect(metricValue(text, 'factorlens_relay_redacted_events_total{rule="denied_field"}')).toBe(1);
      expect(metricValue(text, "factorlens_relay_events_published_total")).toBe(1);
      expect(text).not.toContain("JBSWY3DPEHPK3PXP");
      expect(relay.ready()).toEqual({ ready: true });
    } finally {
      stop.abort();
      await running;
    }
  });

  it("run alone with the broker unreachable, waits it out (unready, naming the failure) instead of stopping", async () => {
    const config = {
      ...loadConfig({ DATABASE_URL: db.url, KAFKA_BROKERS: "127.0.0.1:1" }),
      ops: { host: "127.0.0.1", port: 0 },
    };
    const running = await start(config, { logger });
    try {
      await vi.waitFor(
        async () => {
          const res = await fetch(`${running.urls.ops}/readyz`);
          expect(res.status).toBe(503);
          expect(((await res.json()) as { reason?: string }).reason).toMatch(
            /^relay failed: .+; retrying since /,
          );
        },
        { timeout: 60_000, interval: 500 },
      );
      expect((await running.ready()).ready).toBe(false);
      expect((await fetch(`${running.urls.ops}/healthz`)).status).toBe(200);
    } finally {
      await running.close();
    }
  }, 90_000);
});
