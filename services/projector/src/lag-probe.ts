import { createPostgresSubscriptionLag } from "@factorlens/event-store";
import type pg from "pg";
import type { LagProbe } from "./metrics";

export { SUBSCRIPTION_LAG_CAP as LAG_CAP } from "@factorlens/event-store";

/** The projector's lag behind the PostgreSQL store (its checkpoint lives with the read models). */
export const postgresLagProbe = (
  pool: pg.Pool,
  opts: { eventStoreSchema: string; readModelsSchema: string; subscriberId: string },
): LagProbe =>
  createPostgresSubscriptionLag(pool, {
    eventStoreSchema: opts.eventStoreSchema,
    checkpointsSchema: opts.readModelsSchema,
    subscriberId: opts.subscriberId,
  });
