/** The event store: PostgreSQL (default, migrated here) or EventStoreDB when configured. */
import { createEventStoreDbStore, createPostgresEventStore, type EventStore } from "@factorlens/event-store";
import type { PlatformConfig } from "../config";
import type { Lifecycle } from "../lifecycle";

export async function startEventStore(
  config: PlatformConfig,
  databaseUrl: string,
  life: Lifecycle,
): Promise<EventStore> {
  const store = config.eventStoreConnectionString
    ? createEventStoreDbStore({ connectionString: config.eventStoreConnectionString })
    : // Its own pool, with the adapter's statement timeouts (closed by store.close()).
      await createPostgresEventStore({ connectionString: databaseUrl, poolSize: 20, migrate: true });
  life.add("event store", () => store.close());
  return store;
}
