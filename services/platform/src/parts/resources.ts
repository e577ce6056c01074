import type { EventStore } from "@factorlens/event-store";
import type pg from "pg";
import type { Registry } from "prom-client";
import type { PlatformConfig } from "../config";
import type { Lifecycle } from "../lifecycle";

/**
 * What the platform gives the services it starts on its own database: its config, the database
 * (URL and one pool), the event store, the one metrics registry, and the lifecycle that stops them.
 */
export interface PlatformResources {
  config: PlatformConfig;
  databaseUrl: string;
  pool: pg.Pool;
  store: EventStore;
  registry: Registry;
  life: Lifecycle;
}
