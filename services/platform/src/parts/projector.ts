/** The projector: event store subscription → read models (migrated here first). */
import type { EventStore } from "@factorlens/event-store";
import { createProjector } from "@factorlens/projector";
import { createIpLocationDbResolver, migrate } from "@factorlens/read-models";
import type pg from "pg";
import type { Lifecycle } from "../lifecycle";
import { type Crash, runInBackground } from "./background";

export async function startProjector(deps: {
  pool: pg.Pool;
  store: EventStore;
  life: Lifecycle;
  crash: Crash;
}) {
  await migrate(deps.pool);
  const projector = createProjector({
    pool: deps.pool,
    store: deps.store,
    geo: createIpLocationDbResolver(),
  });
  runInBackground("projector", (signal) => projector.run(signal), deps.life, deps.crash);
  return projector;
}
