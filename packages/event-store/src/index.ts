export {
  CONFLICT_RETRIES,
  type CommandHandler,
  type CommandHandlerOptions,
  createCommandHandler,
  type Decision,
  type Handled,
  type HandleOptions,
  type StateCache,
} from "./command-handler/command-handler";
export {
  createEventStore,
  type EventStoreConfig,
  type EventStoreKind,
  eventStoreKind,
} from "./create-event-store";
export * from "./errors";
export {
  createEventStoreDbStore,
  type EventStoreDbStoreOptions,
} from "./eventstoredb/eventstoredb-event-store";
export { createInMemoryEventStore, type InMemoryEventStoreOptions } from "./in-memory/in-memory-event-store";
export * from "./port";
export { type Migration, migrate, migrations } from "./postgres/migrations";
export {
  createPostgresEventStore,
  type PostgresEventStoreOptions,
} from "./postgres/postgres-event-store";
export {
  createPostgresSubscriptionLag,
  SUBSCRIPTION_LAG_CAP,
  type SubscriptionLag,
} from "./postgres/subscription-lag";
export {
  type Folded,
  foldEvents,
  loadFolded,
  type SnapshotFold,
  snapshotIfDue,
} from "./snapshots/load-folded";
