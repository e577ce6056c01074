import { assertSchemaName, migrate } from "@factorlens/read-models";
import type pg from "pg";
import { silentLogger } from "./logger";
import { createProjector, inTransaction, type ProjectionDeps } from "./projector";

export interface RebuildProgress {
  position: bigint;
  events: number;
  /** Events in the store, when the caller can count them (drives `secondsLeft`). */
  total: number | null;
  eventsPerSecond: number;
  secondsLeft: number | null;
}

export interface RebuildDeps extends ProjectionDeps {
  /** The live schema the rebuilt one replaces. Default read_models. */
  schema?: string;
  /** Events per read. Default 5000. */
  batchSize?: number;
  countEvents?: () => Promise<number>;
  now?: () => number;
  onProgress?(p: RebuildProgress): void;
  progressEveryMs?: number;
  signal?: AbortSignal;
}

/**
 * Replays the store from position zero into a fresh schema, then swaps it in atomically (the
 * renames are one transaction, under the schema's migration lock). The rebuilt schema carries
 * the checkpoint, so a live projector resumes after it (its compare-and-set fails once, it reloads).
 */
export async function rebuild(deps: RebuildDeps): Promise<RebuildProgress> {
  const live = assertSchemaName(deps.schema ?? "read_models");
  const now = deps.now ?? Date.now;
  const started = now();
  const target = assertSchemaName(`${live.slice(0, 40)}_rebuild_${started.toString(36)}`);
  const logger = deps.logger ?? silentLogger;
  await deps.pool.query(`DROP SCHEMA IF EXISTS "${target}" CASCADE`);
  await migrate(deps.pool, { schema: target });
  const total = deps.countEvents ? await deps.countEvents() : null;
  const batchSize = deps.batchSize ?? 5000;
  let events = 0;
  let lastReport = 0;
  const progress = (position: bigint): RebuildProgress => {
    const seconds = Math.max((now() - started) / 1000, 1e-3);
    const eventsPerSecond = events / seconds;
    const secondsLeft =
      total === null || eventsPerSecond === 0 ? null : Math.max(total - events, 0) / eventsPerSecond;
    return { position, events, total, eventsPerSecond, secondsLeft };
  };
  const projector = createProjector({
    pool: deps.pool,
    store: deps.store,
    geo: deps.geo,
    schema: target,
    batchSize,
    subscriberId: deps.subscriberId ?? "projector",
    onBatch: ({ position, events: n }) => {
      events += n;
      if (now() - lastReport >= (deps.progressEveryMs ?? 1000)) {
        lastReport = now();
        deps.onProgress?.(progress(position));
      }
    },
  });
  logger.info({ target, live, total }, "rebuild starting");
  try {
    const end = await projector.catchUp(undefined, deps.signal ?? new AbortController().signal);
    if (deps.signal?.aborted) throw new Error("rebuild aborted");
    await swapSchemas(deps.pool, live, target);
    const done = progress(end ?? 0n);
    deps.onProgress?.(done);
    logger.info({ live, events, seconds: (now() - started) / 1000 }, "rebuild swapped in");
    return done;
  } catch (e) {
    await deps.pool.query(`DROP SCHEMA IF EXISTS "${target}" CASCADE`).catch(() => {});
    throw e;
  }
}

/** Renames `target` to `live` (dropping the old live schema) in one transaction. */
export async function swapSchemas(pool: pg.Pool, live: string, target: string): Promise<void> {
  const old = assertSchemaName(`${target}_old`);
  await inTransaction(pool, async (client) => {
    // The read-models migration lock of `live`: no migration runs on it while it is swapped.
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`factorlens.read_models:${live}`]);
    const exists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [live]);
    if (exists.rowCount === 1) await client.query(`ALTER SCHEMA "${live}" RENAME TO "${old}"`);
    await client.query(`ALTER SCHEMA "${target}" RENAME TO "${live}"`);
    if (exists.rowCount === 1) await client.query(`DROP SCHEMA "${old}" CASCADE`);
  });
}

export const formatProgress = (p: RebuildProgress): string =>
  [
    `position ${p.position}`,
    `${p.events}${p.total === null ? "" : `/${p.total}`} events`,
    `${Math.round(p.eventsPerSecond)} events/s`,
    p.secondsLeft === null ? "time left ?" : `time left ${p.secondsLeft.toFixed(0)} s`,
  ].join(" | ");
