/**
 * The support API's ops server: `/healthz`, `/readyz` (the database answers) and `/metrics` on
 * their own port (`OPS_PORT`), so that metrics are never served on the public GraphQL port.
 */
import { type OpsConfig, type OpsLogger, type OpsServer, startOpsServer } from "@factorlens/service-kit";
import type pg from "pg";
import type { SupportApiMetrics } from "./metrics";

export function startSupportOps(
  ops: OpsConfig,
  deps: { pool: pg.Pool; metrics: SupportApiMetrics; logger: OpsLogger },
): Promise<OpsServer> {
  return startOpsServer({
    ...ops,
    registry: deps.metrics.registry,
    logger: deps.logger,
    ready: async () => (await deps.pool.query("SELECT 1")).rowCount === 1,
  });
}

/** One line per event on stdout/stderr, like the rest of main.ts (fields are ports and error names). */
export const lineLogger: OpsLogger = {
  info: (obj, msg) => process.stdout.write(`support-api: ${msg ?? ""} ${JSON.stringify(obj)}\n`),
  warn: (obj, msg) => process.stderr.write(`support-api: ${msg ?? ""} ${JSON.stringify(obj)}\n`),
};
