import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll } from "vitest";
import { runEventStoreContract } from "../contract/event-store-contract";
import { createPostgresEventStore } from "./postgres-event-store";

let db: TestDatabase;
let n = 0;
beforeAll(async () => {
  db = await createTestDatabase("event_store");
});
afterAll(async () => {
  await db?.drop();
});

// A fresh schema per test on the file's fresh database: readAll sees only that test's events.
runEventStoreContract("postgres", async () => {
  const store = await createPostgresEventStore({
    connectionString: db.url,
    schema: `es_${++n}`,
    poolSize: 16,
    pollIntervalMs: 200,
  });
  return { store, cleanup: () => store.close() };
});
