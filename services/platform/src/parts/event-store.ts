/** The event store: PostgreSQL (default, migrated here) or EventStoreDB when configured. */
import { createEventStore, type EventStore } from "@factorlens/event-store";
import type { PlatformConfig } from "../config";
import type { Lifecycle } from "../lifecycle";

export async function startEventStore(
  config: PlatformConfig,
  databaseUrl: string,
  life: Lifecycle,
): Promise<EventStore> {
  // The one factory every service uses; the PostgreSQL store gets its own pool (and timeouts).
  const store = await createEventStore({
    databaseUrl,
    eventStoreConnectionString: config.eventStoreConnectionString,
    poolSize: 20,
    migrate: true,
  });
  life.add("event store", () => store.close());
  return store;
}
