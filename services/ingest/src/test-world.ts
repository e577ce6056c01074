/**
 * What the ingest's integration tests share: an SMS receipt as a gateway would publish it, and a
 * fresh database + unique topics per test file (registered with vitest's beforeAll/afterAll).
 */
import { randomUUID } from "node:crypto";
import { createPostgresEventStore, type EventStore } from "@factorlens/event-store";
import { createTestDatabase, createTestKafka, type TestDatabase, type TestKafka } from "@factorlens/testkit";
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
