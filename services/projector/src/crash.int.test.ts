import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type FactorlensEvent, toStoredEvent } from "@factorlens/domain";
import { createPostgresEventStore, type EventStore, userStreamId } from "@factorlens/event-store";
import { migrate, nullGeoResolver, projectBatch } from "@factorlens/read-models";
import { dumpTables, generateEvents } from "@factorlens/read-models/testing";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadCheckpoint } from "./checkpoint";
import { rebuild } from "./rebuild";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const APP = "factorlens-projector-crash-test";

describe("projector killed with SIGKILL in the middle of a batch", () => {
  let db: TestDatabase;
  let store: EventStore;
  let lastPosition = 0n;
  const children = new Set<ChildProcess>();

  const start = () => {
    const url = new URL(db.url);
    url.searchParams.set("application_name", APP);
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        READ_MODELS_SCHEMA: "rm_live",
        PROJECTOR_BATCH_SIZE: "40",
        PROJECTOR_GEO: "none",
        LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.add(child);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, exited };
  };
  const checkpoint = () => loadCheckpoint(db.pool, "rm_live", "projector").catch(() => null);
  const openProjectorTransaction = async () =>
    (
      await db.pool.query(
        `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND xact_start IS NOT NULL AND query ILIKE '%rm_live%'`,
        [APP],
      )
    ).rowCount! > 0;

  beforeAll(async () => {
    db = await createTestDatabase("projector_crash");
    store = await createPostgresEventStore({ pool: db.pool });
    // Round-robin appends of up to 4 events per user, so users' events interleave across batches.
    const byUser = new Map<string, FactorlensEvent[]>();
    for (const e of generateEvents(50)) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e]);
    for (let round = 0; byUser.size > 0; round++) {
      for (const [userId, events] of byUser) {
        const chunk = events.slice(round * 4, round * 4 + 4);
        if (chunk.length === 0) {
          byUser.delete(userId);
          continue;
        }
        const r = await store.appendToStream(userStreamId(userId), chunk.map(toStoredEvent), {
          expectedRevision: "any",
        });
        lastPosition = r.position;
      }
    }
  }, 120_000);
  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    await store.close();
    await db.drop();
  });

  it("restarts without losing or doubling an event; tables equal a clean rebuild", async () => {
    for (let round = 0; round < 3; round++) {
      const before = (await checkpoint()) ?? 0n;
      const { child, exited } = start();
      // Wait until it has committed a batch since the restart and is inside the next one, then kill it.
      await vi.waitFor(
        async () => {
          const cp = (await checkpoint()) ?? 0n;
          if (!(cp > before && (await openProjectorTransaction()))) throw new Error("not mid-batch yet");
        },
        { timeout: 30_000, interval: 5 },
      );
      child.kill("SIGKILL");
      await exited;
      const cp = (await checkpoint())!;
      expect(cp).toBeLessThan(lastPosition);
      // Exactly the events up to the checkpoint are in: the killed batch left nothing behind
      // (the tables equal one pass over those events, none missing, none doubled).
      const upTo = (await store.readAll()).filter((e) => e.position <= cp);
      const check = `rm_cp${round}`;
      await migrate(db.pool, { schema: check });
      await projectBatch(db.pool, upTo, { schema: check, geo: nullGeoResolver });
      expect(await dumpTables(db.pool, "rm_live")).toEqual(await dumpTables(db.pool, check));
    }
    const { child, exited } = start();
    await vi.waitFor(
      async () => {
        if ((await checkpoint()) !== lastPosition) throw new Error("not caught up");
      },
      { timeout: 60_000, interval: 20 },
    );
    child.kill("SIGTERM");
    expect(await exited).toBe(0);

    const live = await dumpTables(db.pool, "rm_live");
    await rebuild({ pool: db.pool, store, geo: nullGeoResolver, schema: "rm_clean", batchSize: 500 });
    expect(await dumpTables(db.pool, "rm_clean")).toEqual(live);
    expect(await loadCheckpoint(db.pool, "rm_clean", "projector")).toBe(lastPosition);
    expect(live.attempts!.length).toBeGreaterThan(300);
    // And equal to one uncached pass over all events (the projector's row cache changes nothing).
    await migrate(db.pool, { schema: "rm_nocache" });
    await projectBatch(db.pool, await store.readAll(), { schema: "rm_nocache", geo: nullGeoResolver });
    expect(await dumpTables(db.pool, "rm_nocache")).toEqual(live);
  }, 180_000);

  it("a rebuild of the live schema swaps in equal tables", async () => {
    const before = await dumpTables(db.pool, "rm_live");
    const progress: bigint[] = [];
    const done = await rebuild({
      pool: db.pool,
      store,
      geo: nullGeoResolver,
      schema: "rm_live",
      batchSize: 100,
      progressEveryMs: 0,
      countEvents: async () => (await store.readAll()).length,
      onProgress: (p) => progress.push(p.position),
    });
    expect(done.position).toBe(lastPosition);
    expect(progress.length).toBeGreaterThan(3);
    expect(await dumpTables(db.pool, "rm_live")).toEqual(before);
    const leftovers = await db.pool.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rm_live_%'");
    expect(leftovers.rows).toEqual([]);
  }, 60_000);
});
