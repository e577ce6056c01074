/** The projector: event store subscription → read models (migrated here first), supervised. */
import type { EventStore } from "@factorlens/event-store";
import { createProjector, createProjectorMetrics, postgresLagProbe } from "@factorlens/projector";
import { createIpLocationDbResolver, DEFAULT_SCHEMA, migrate } from "@factorlens/read-models";
import type { Supervised, SupervisorLogger } from "@factorlens/service-kit";
import type pg from "pg";
import type { Lifecycle } from "../lifecycle";
import { runSupervised } from "./background";

export async function startProjector(deps: {
  pool: pg.Pool;
  store: EventStore;
  life: Lifecycle;
  logger: SupervisorLogger;
  /** Head and lag are read from the PostgreSQL store's tables (not with EventStoreDB). */
  postgresStore: boolean;
}) {
  await migrate(deps.pool);
  const metrics = createProjectorMetrics(
    deps.postgresStore
      ? {
          probe: postgresLagProbe(deps.pool, {
            eventStoreSchema: "eventstore",
            readModelsSchema: DEFAULT_SCHEMA,
            subscriberId: "projector",
          }),
        }
      : {},
  );
  const projector = createProjector({
    pool: deps.pool,
    store: deps.store,
    geo: createIpLocationDbResolver(),
    onBatch: metrics.observeBatch,
  });
  const part: Supervised = runSupervised("projector", (signal) => projector.run(signal), {
    life: deps.life,
    logger: deps.logger,
  });
  return { projector, metrics, part };
}
