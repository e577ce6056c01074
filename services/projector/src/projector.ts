import type { EventStore, RecordedEvent } from "@factorlens/event-store";
import {
  DEFAULT_SCHEMA,
  type GeoResolver,
  isReadModelsError,
  PROJECTED_TABLES,
  type ProjectableEvent,
  type ProjectResult,
  parseAhead,
  projectBatch,
  StateCache,
  schemaOf,
} from "@factorlens/read-models";
import type pg from "pg";
import { catchUp } from "./catch-up";
import { loadCheckpoint, storeCheckpoint } from "./checkpoint";
import { PROJECTOR_DEFAULTS } from "./config";
import { type Logger, silentLogger } from "./logger";

/** What projecting from the store into a read-model schema needs (the projector, a rebuild). */
export interface ProjectionDeps {
  pool: pg.Pool;
  store: EventStore;
  geo: GeoResolver;
  schema?: string;
  batchSize?: number;
  subscriberId?: string;
  logger?: Logger;
}

export interface ProjectorDeps extends ProjectionDeps {
  /** Called after each committed batch (progress, tests). */
  onBatch?(info: { position: bigint; events: number; result: ProjectResult; seconds: number }): void;
  /** Milliseconds per projection phase are added here when given (benchmarks). */
  timings?: Record<string, number>;
  /**
   * Refresh the planner statistics of the read-model tables after this many projected events
   * (catch-up grows tables from empty faster than autovacuum notices). Default 200k; 0 disables.
   */
  analyzeEvery?: number;
  /** Rows kept across batches (per table) so a batch loads only unseen ones. Default 100k; 0 disables. */
  cacheRows?: number;
}

export interface Projector {
  /** Catch-up then live from the stored checkpoint, until `signal` aborts. */
  run(signal: AbortSignal): Promise<void>;
  /**
   * Projects a batch and moves the checkpoint in one transaction. `whileWriting` is called once
   * the batch's writes are sent (catch-up starts its next read there).
   */
  handle(events: readonly RecordedEvent[], whileWriting?: () => void): Promise<ProjectResult>;
  /**
   * Reads and handles batches after `from` (undefined: from the start), one read ahead, until
   * the store has nothing newer or `signal` aborts; returns the last position handled.
   */
  catchUp(from: bigint | undefined, signal: AbortSignal): Promise<bigint | undefined>;
  checkpoint(): Promise<bigint | null>;
}

/** Runs `fn` in a transaction on one pooled client. */
export async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  begin = "BEGIN",
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

export function createProjector(deps: ProjectorDeps): Projector {
  const schema = deps.schema ?? DEFAULT_SCHEMA;
  const subscriberId = deps.subscriberId ?? "projector";
  const logger = deps.logger ?? silentLogger;
  let position: bigint | null | undefined;
  const cache = new StateCache(deps.cacheRows ?? 100_000);
  const analyzeEvery = deps.analyzeEvery ?? 200_000;
  let sinceAnalyze = 0;

  const handle = async (
    events: readonly RecordedEvent[],
    whileWriting?: () => void,
  ): Promise<ProjectResult> => {
    const last = events[events.length - 1];
    if (!last) return { applied: 0, duplicates: 0, invalid: 0 };
    if (position === undefined) position = await loadCheckpoint(deps.pool, schema, subscriberId);
    const expected = position;
    // A batch wholly at or before the checkpoint is already in: never move the checkpoint back.
    if (expected !== null && last.position <= expected)
      return { applied: 0, duplicates: events.length, invalid: 0 };
    const batch: ProjectableEvent[] = events.filter((e) => expected === null || e.position > expected);
    const started = performance.now();
    const result = await inTransaction(
      deps.pool,
      async (client) => {
        const r = await projectBatch(client, batch, {
          schema,
          geo: deps.geo,
          timings: deps.timings,
          // The compare-and-set checkpoint below already makes each event count once.
          dedupe: "checkpoint",
          ...(whileWriting ? { whileWriting } : {}),
          ...(deps.cacheRows === 0 ? {} : { cache }),
        });
        await storeCheckpoint(client, schema, subscriberId, last.position, expected);
        return r;
      },
      // Asynchronous commit is safe for a projection: a commit lost in a database crash loses its
      // checkpoint with it, and the batch is projected again.
      "BEGIN; SET LOCAL synchronous_commit = off",
    ).catch((e) => {
      position = undefined; // reload: another writer may have moved it
      cache.clear(); // rows of the failed batch never committed
      throw e;
    });
    position = last.position;
    sinceAnalyze += result.applied;
    if (analyzeEvery > 0 && sinceAnalyze >= analyzeEvery) {
      sinceAnalyze = 0;
      await deps.pool.query(`ANALYZE ${PROJECTED_TABLES.map((t) => `${schemaOf(schema)}.${t}`).join(", ")}`);
    }
    const elapsed = performance.now() - started;
    if (deps.timings) deps.timings.transaction = (deps.timings.transaction ?? 0) + elapsed;
    deps.onBatch?.({ position: last.position, events: events.length, result, seconds: elapsed / 1000 });
    return result;
  };

  const batchSize = deps.batchSize ?? PROJECTOR_DEFAULTS.batchSize;
  const catchUpFrom = (from: bigint | undefined, signal: AbortSignal) =>
    catchUp({
      // Parsed as soon as it arrives: while the previous batch's SQL runs, not after it.
      read: (from) => deps.store.readAll({ fromPosition: from, maxCount: batchSize }).then(parseAhead),
      handle: async (events, readNext) => {
        await handle(events, readNext);
      },
      from,
      signal,
    });

  return {
    handle,
    catchUp: catchUpFrom,
    checkpoint: () => loadCheckpoint(deps.pool, schema, subscriberId),
    async run(signal) {
      while (!signal.aborted) {
        position = await loadCheckpoint(deps.pool, schema, subscriberId);
        logger.info({ schema, subscriberId, from: position?.toString() ?? null }, "projector starting");
        try {
          // Catch-up with read-ahead, then the live subscription from where catch-up ended.
          const from = await catchUpFrom(position ?? undefined, signal);
          await deps.store.subscribeToAll({ fromPosition: from, signal, batchSize }, async (events) => {
            await handle(events);
          });
        } catch (e) {
          // Another writer (a rebuild swapped in, a second instance) moved the checkpoint: resume from it.
          if (!isReadModelsError(e, "checkpoint_conflict")) throw e;
          logger.warn({ subscriberId }, "checkpoint moved by another writer; resuming from it");
        }
      }
      logger.info({ position: position?.toString() ?? null }, "projector stopped");
    },
  };
}
