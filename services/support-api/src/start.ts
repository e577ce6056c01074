/**
 * `start(config, shared?)`: the pool and the store (unless shared; `createEventStore`, so
 * EVENTSTORE_CONNECTION_STRING means what it means everywhere), the API wired on them (wire.ts),
 * listening on `config.host:config.port`, and (with `config.ops`) its ops server. Ready while the
 * read-model database answers, bounded.
 */
import { createServer } from "node:http";
import { createEventStore, type EventStore } from "@factorlens/event-store";
import {
  baseUrl,
  checkWithin,
  createLogger,
  type OpsServer,
  type RunningService,
  type SharedResources,
  shareMetrics,
  startOpsServer,
} from "@factorlens/service-kit";
import pg from "pg";
import type { SupportApiConfig } from "./config";
import { createSupportApiMetrics } from "./metrics";
import { wireSupportApi } from "./wire";

/** A readiness check that gets no answer within this is a stalled database. */
const READY_TIMEOUT_MS = 2000;
/** Live subscriptions (SSE) never end on their own: requests get this long, then are cut. */
const DRAIN_MS = 2000;

export async function start(config: SupportApiConfig, shared: SharedResources = {}): Promise<RunningService> {
  const logger = shared.logger ?? createLogger("support-api", config.logLevel);
  const pool = shared.pool ?? new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
  // An idle connection dropped by the server (restart, failover) must not crash the API; the next
  // query fails (and the request gets its error) or gets a fresh connection.
  if (!shared.pool)
    pool.on("error", (err) =>
      logger.warn({ code: (err as { code?: string }).code }, "idle database connection lost"),
    );
  const metrics = createSupportApiMetrics({ defaultMetrics: !shared.registry });
  const unshare = shareMetrics(metrics.registry, shared.registry);
  let ownStore: EventStore | null = null;
  // The store's schema is the writers' to migrate (verifier, ingest); the API only reads and appends.
  const openStore = async () => {
    ownStore = await createEventStore({ ...config, poolSize: 4, migrate: false });
    return ownStore;
  };
  let ops: OpsServer | null = null;
  const closeOwn = async () => {
    unshare();
    await ops?.close();
    await ownStore?.close();
    if (!shared.pool) await pool.end();
  };
  try {
    const store = shared.store ?? (await openStore());
    const { api, feed } = await wireSupportApi(config, { pool, store, metrics, logger });
    const ready = () =>
      checkWithin("database", async () => (await pool.query("SELECT 1")).rowCount === 1, READY_TIMEOUT_MS);
    const server = createServer(api);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => resolve());
      });
      if (config.ops)
        ops = await startOpsServer({ ...config.ops, registry: metrics.registry, logger, ready });
    } catch (error) {
      server.close();
      await feed.close();
      throw error;
    }
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    return {
      ready,
      urls: {
        api: baseUrl(config.host, port),
        ops: config.ops && ops ? baseUrl(config.ops.host, ops.port) : null,
      },
      async close() {
        server.closeIdleConnections();
        const closed = new Promise<void>((r) => server.close(() => r()));
        const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
        await closed;
        clearTimeout(timer);
        await feed.close();
        await closeOwn();
      },
    };
  } catch (error) {
    await closeOwn();
    throw error;
  }
}
