import { randomBytes } from "node:crypto";
import { createUuidV7Generator } from "@factorlens/domain";
import { createPostgresEventStore, type EventStore } from "@factorlens/event-store";
import { type TestDatabase, useFixture, useTestDatabase } from "@factorlens/testkit";

/** Event and correlation ids for the events a test appends. */
export const newId = createUuidV7Generator({ now: () => Date.now(), randomBytes: (n) => randomBytes(n) });

/**
 * A fresh PostgreSQL database with the event store for this test file: made before its tests,
 * closed and dropped after them (the store first). Read them inside the tests.
 */
export function useTestEventStore(name: string): { readonly db: TestDatabase; readonly store: EventStore } {
  const db = useTestDatabase(name);
  const store = useFixture(
    () => createPostgresEventStore({ pool: db.pool }),
    (s) => s.close(),
  );
  return { db, store };
}
