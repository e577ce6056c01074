/**
 * One ops server for the whole platform (FACTORLENS_OPS_PORT, on the platform's host): the
 * projector's, the support API's and (with Kafka) the relay's and ingest's metrics merged into
 * one `/metrics`; `/readyz` = the database answers. The verifier keeps its own `/metrics`.
 */
import { startOpsServer } from "@factorlens/service-kit";
import type pg from "pg";
import { Registry } from "prom-client";
import type { Lifecycle } from "../lifecycle";

export async function startPlatformOps(deps: {
  host: string;
  port: number;
  registries: Registry[];
  pool: pg.Pool;
  life: Lifecycle;
  log: (line: string) => void;
}): Promise<{ url: string }> {
  const line = (obj: object, msg?: string) => deps.log(`factorlens: ${msg ?? ""} ${JSON.stringify(obj)}`);
  const ops = await startOpsServer({
    host: deps.host,
    port: deps.port,
    registry: Registry.merge(deps.registries),
    logger: { info: () => {}, warn: line },
    ready: async () => (await deps.pool.query("SELECT 1")).rowCount === 1,
  });
  deps.life.add("ops server", () => ops.close());
  return { url: `http://${deps.host}:${ops.port}` };
}
