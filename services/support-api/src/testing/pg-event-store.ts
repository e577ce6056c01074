import { randomBytes } from "node:crypto";
import { createUuidV7Generator } from "@factorlens/domain";
import { createPostgresEventStore, type EventStore } from "@factorlens/event-store";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll } from "vitest";

/** Event and correlation ids for the events a test appends. */
export const newId = createUuidV7Generator({ now: () => Date.now(), randomBytes: (n) => randomBytes(n) });

/**
 * A fresh PostgreSQL database with the event store for this test file: made before its tests,
 * closed and dropped after them. Read `store` inside the tests (it exists from beforeAll on).
 */
export function useTestEventStore(name: string): { readonly db: TestDatabase; readonly store: EventStore } {
  let db: TestDatabase | undefined;
  let store: EventStore | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(name);
    store = await createPostgresEventStore({ pool: db.pool });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });
  return {
    get db() {
      return db!;
    },
    get store() {
      return store!;
    },
  };
}
