/** Composition root: config → pool, event store → wired yoga on node:http. */
import { createServer } from "node:http";
import { createPostgresEventStore } from "@factorlens/event-store";
import { loadConfigOrExit } from "@factorlens/service-kit";
import pg from "pg";
import { loadConfig } from "./config";
import { createSupportApiMetrics } from "./metrics";
import { lineLogger, startSupportOps } from "./ops";
import { wireSupportApi } from "./wire";

const config = loadConfigOrExit(() => loadConfig(process.env));
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
// An idle connection dropped by the server (restart, failover) must not crash the API; the next
// query fails (and the request gets its error) or gets a fresh connection.
pool.on("error", (err) =>
  process.stderr.write(
    `support-api: idle database connection lost (${(err as { code?: string }).code ?? "no code"})\n`,
  ),
);
const store = await createPostgresEventStore({ pool, schema: config.eventStoreSchema, migrate: false });
const metrics = createSupportApiMetrics({ defaultMetrics: true });
const { api, feed } = await wireSupportApi(config, { pool, store, metrics });
const ops = config.ops ? await startSupportOps(config.ops, { pool, metrics, logger: lineLogger }) : null;

const server = createServer(api);
server.listen(config.port, config.host, () =>
  process.stdout.write(`support-api listening on http://${config.host}:${config.port}/graphql\n`),
);

const shutdown = () => {
  server.close();
  void ops?.close();
  void feed
    .close()
    .then(() => store.close())
    .then(() => pool.end());
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
