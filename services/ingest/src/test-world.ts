/**
 * What the ingest's tests share: SMS receipts as a gateway would publish them, a consumed message,
 * and a fresh database + unique topics per test file (registered with vitest's beforeAll/afterAll).
 */
import { randomUUID } from "node:crypto";
import { createPostgresEventStore, type EventStore } from "@factorlens/event-store";
import { createTestDatabase, createTestKafka, type TestDatabase, type TestKafka } from "@factorlens/testkit";
import type { KafkaMessage } from "kafkajs";
import { afterAll, beforeAll } from "vitest";

/** An `SmsDelivered` receipt for `userId`; `over` replaces any top-level field (`data` whole). */
export const smsDelivered = (userId: string, over: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  type: "SmsDelivered",
  version: 1,
  userId,
  factorId: `sms-${userId}`,
  occurredAt: "2026-11-26T10:00:00.000Z",
  correlationId: randomUUID(),
  actor: { kind: "system", component: "sms-gateway" },
  data: { challengeId: randomUUID(), provider: "acme-sms", messageId: "m-1" },
  ...over,
});

/** An `SmsDeliveryFailed` receipt of user u-9's challenge ch-1; `data` adds to its data, `extra` to the event. */
export const smsDeliveryFailed = (
  data: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => ({
  eventId: randomUUID(),
  type: "SmsDeliveryFailed",
  version: 1,
  userId: "u-9",
  factorId: "sms-1",
  occurredAt: "2026-11-26T10:00:00.000Z",
  correlationId: "c-1",
  actor: { kind: "system", component: "sms-gateway" },
  data: { challengeId: "ch-1", provider: "acme", errorCode: "30003", ...data },
  ...extra,
});

/** A consumed message with `value` (a string is UTF-8 encoded), no key and no headers. */
export const messageOf = (value: string | Buffer | null): KafkaMessage =>
  ({
    key: null,
    value: typeof value === "string" ? Buffer.from(value) : value,
    headers: {},
    offset: "0",
  }) as KafkaMessage;

export interface IngestWorld {
  db: TestDatabase;
  k: TestKafka;
  /** The real PostgreSQL event store on `db` (opened only when `withStore`). */
  store: EventStore;
}

/** Creates the database and Kafka helper before the file's tests and drops them after. */
export function useIngestWorld(name: string, { withStore = true } = {}): IngestWorld {
  const world = {} as IngestWorld;
  beforeAll(async () => {
    world.db = await createTestDatabase(name.replaceAll("-", "_"));
    world.k = await createTestKafka(name);
    if (withStore) world.store = await createPostgresEventStore({ connectionString: world.db.url });
  });
  afterAll(async () => {
    await world.store?.close();
    await world.k?.cleanup();
    await world.db?.drop();
  });
  return world;
}
