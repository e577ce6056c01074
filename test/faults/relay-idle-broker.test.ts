/**
 * An idle relay (nothing to publish) must still tell the truth about its broker: when the broker
 * freezes (SIGSTOP: connections stay open, nothing answers) no publish is pending to time out, so
 * only a probe can notice. The relay is unready within 10 s of the freeze, naming the broker, and
 * ready again soon after the broker thaws. (Delivery across a freeze, with the relay supervised by
 * its service, is broker-outage.test.ts.)
 */
import { randomUUID } from "node:crypto";
import { createPostgresEventStore, type EventStore } from "@factorlens/event-store";
import { ensureNamedTopics } from "@factorlens/kafka";
import { createRelay } from "@factorlens/relay";
import type { TestDatabase } from "@factorlens/testkit";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type KafkaBroker, startBrokerAndDatabase } from "./kafka-broker";

let broker: KafkaBroker | undefined;
let db: TestDatabase | undefined;
let store: EventStore | undefined;

beforeAll(async () => {
  ({ broker, db } = await startBrokerAndDatabase("relay_idle_broker"));
  store = await createPostgresEventStore({ connectionString: db.url, pollIntervalMs: 100 });
}, 120_000);

afterAll(async () => {
  await store?.close();
  await broker?.destroy();
  await db?.drop().catch(() => undefined);
});

it("an idle relay is unready within 10 s of a broker freeze, naming the broker, and ready again after the thaw", async () => {
  const b = broker!;
  const topic = `relay-idle-${randomUUID().slice(0, 8)}`;
  const kafka = new Kafka({ clientId: "relay-idle-test", brokers: b.brokers, logLevel: logLevel.NOTHING });
  await ensureNamedTopics(kafka, [topic]);
  const relay = createRelay({ store: store!, kafka, topic, subscriberId: "relay-idle", probeEveryMs: 500 });
  const stop = new AbortController();
  const running = relay.run(stop.signal);
  try {
    await vi.waitFor(() => expect(relay.ready()).toEqual({ ready: true }), {
      timeout: 20_000,
      interval: 100,
    });

    b.freeze();
    const frozenAt = Date.now();
    await vi.waitFor(
      () => {
        const r = relay.ready();
        expect(r.ready).toBe(false);
        expect(r.ready ? "" : r.reason).toMatch(/broker/);
      },
      { timeout: 10_000, interval: 100 },
    );
    const noticedMs = Date.now() - frozenAt;
    console.info(`[relay-idle-broker] unready ${noticedMs} ms after the freeze`);

    b.thaw();
    const thawedAt = Date.now();
    await vi.waitFor(() => expect(relay.ready()).toEqual({ ready: true }), {
      timeout: 30_000,
      interval: 100,
    });
    console.info(`[relay-idle-broker] ready ${Date.now() - thawedAt} ms after the thaw`);
  } finally {
    b.thaw();
    stop.abort();
    await running.catch(() => undefined);
  }
}, 120_000);
