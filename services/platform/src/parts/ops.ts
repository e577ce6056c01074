/**
 * One ops server for the whole platform (FACTORLENS_OPS_PORT, on the platform's host): the
 * projector's, the support API's and (with Kafka) the relay's and ingest's metrics merged into
 * one `/metrics`; `/readyz` = the database answers within 2 s and every supervised part is ready,
 * else 503 naming each one that is not. The verifier keeps its own `/metrics` and `/readyz`.
 */
import { allReady, type ReadyCheck, startOpsServer } from "@factorlens/service-kit";
import type pg from "pg";
import type { Logger } from "pino";
import { Registry } from "prom-client";
import type { Lifecycle } from "../lifecycle";

export async function startPlatformOps(deps: {
  host: string;
  port: number;
  registries: Registry[];
  pool: pg.Pool;
  /** Supervised parts' readiness, named. */
  parts?: { name: string; check: ReadyCheck }[];
  life: Lifecycle;
  /** Where a failed readiness probe is reported (the platform's own logger). */
  logger: Pick<Logger, "warn">;
}): Promise<{ url: string }> {
  const ops = await startOpsServer({
    host: deps.host,
    port: deps.port,
    registry: Registry.merge(deps.registries),
    logger: { info: () => {}, warn: (obj: object, msg?: string) => deps.logger.warn(obj, msg) },
    readyTimeoutMs: 2500,
    ready: () =>
      allReady(
        [
          { name: "database", check: async () => (await deps.pool.query("SELECT 1")).rowCount === 1 },
          ...(deps.parts ?? []),
        ],
        2000,
      ),
  });
  deps.life.add("ops server", () => ops.close());
  return { url: `http://${deps.host}:${ops.port}` };
}
