/**
 * The one way a service builds its event store from its configuration, so that
 * `EVENTSTORE_CONNECTION_STRING` means the same in every service and in the platform: set, the
 * store is EventStoreDB; unset, it is PostgreSQL at `DATABASE_URL` (schema `eventstore` unless
 * configured).
 */
import { createEventStoreDbStore } from "./eventstoredb/eventstoredb-event-store";
import type { EventStore } from "./port";
import { createPostgresEventStore } from "./postgres/postgres-event-store";

export interface EventStoreConfig {
  databaseUrl: string;
  /** EventStoreDB connection string (`esdb://…`); when set, PostgreSQL holds no events. */
  eventStoreConnectionString?: string | undefined;
  /** PostgreSQL schema of the events. Default `eventstore`. */
  eventStoreSchema?: string | undefined;
  /** Connections of the PostgreSQL store's own pool. */
  poolSize?: number | undefined;
  appendsInFlight?: number | undefined;
  /** Apply the PostgreSQL store's migrations first. */
  migrate?: boolean | undefined;
}

export type EventStoreKind = "postgres" | "eventstoredb";

export const eventStoreKind = (config: EventStoreConfig): EventStoreKind =>
  config.eventStoreConnectionString ? "eventstoredb" : "postgres";

export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  if (config.eventStoreConnectionString)
    return createEventStoreDbStore({ connectionString: config.eventStoreConnectionString });
  return createPostgresEventStore({
    connectionString: config.databaseUrl,
    ...(config.eventStoreSchema ? { schema: config.eventStoreSchema } : {}),
    ...(config.poolSize ? { poolSize: config.poolSize } : {}),
    ...(config.appendsInFlight ? { appendsInFlight: config.appendsInFlight } : {}),
    ...(config.migrate === undefined ? {} : { migrate: config.migrate }),
  });
}
