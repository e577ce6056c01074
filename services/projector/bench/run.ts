/**
 * Projector catch-up benchmark: ≥ 1M realistic events are COPYed straight into the event
 * store's table, then projected from position zero (store mode, real geo data). Baseline in the
 * same run: a raw COPY of the same rows (out of the store table, into a similar empty table).
 * Env: BENCH_EVENTS (default 1_000_000), BENCH_BATCH (default 5000), BENCH_CACHE_ROWS (the
 * projector's default when unset).
 */
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { toStoredEvent } from "@factorlens/domain";
import { createPostgresEventStore } from "@factorlens/event-store";
import { createIpLocationDbResolver, migrate, type Queryable } from "@factorlens/read-models";
import { generateUser } from "@factorlens/read-models/testing";
import { createTestDatabase } from "@factorlens/testkit";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { createProjector } from "../src/projector";

const TARGET = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 5000);
const CACHE_ROWS = process.env.BENCH_CACHE_ROWS ? Number(process.env.BENCH_CACHE_ROWS) : undefined;
const START = Date.UTC(2026, 9, 1);
const GROUP = 500; // users generated (and time-interleaved) together

const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");

/** COPY text rows for the event store table, generated group by group (bounded memory). */
async function* rows(): AsyncGenerator<string> {
  let i = 0;
  let user = 0;
  while (i < TARGET) {
    const group = [];
    for (let k = 0; k < GROUP; k++) group.push(generateUser(user++, START + (user % 30) * 86_400_000));
    const events = group
      .flatMap((g) => g.events.map((e, revision) => ({ e, revision })))
      .sort((a, b) => (a.e.occurredAt < b.e.occurredAt ? -1 : 1));
    const lines: string[] = [];
    for (const { e, revision } of events) {
      const s = toStoredEvent(e);
      const position = (BigInt(1 + Math.floor(i / 65_536)) << 16n) | BigInt(i % 65_536);
      lines.push(
        `${position}\ttfa-user-${e.userId}\t${revision}\t${s.id}\t${s.type}\t${esc(JSON.stringify(s.data))}\t${esc(JSON.stringify(s.metadata))}\t${e.occurredAt}\t${1 + Math.floor(i / 65_536)}\n`,
      );
      i++;
    }
    yield lines.join("");
  }
}

/**
 * CPU seconds used so far by this process and by the database's server backends (Linux /proc,
 * local server): steadier than wall time on a machine shared with other work.
 */
async function cpuSeconds(db: Queryable): Promise<{ node: number; pg: number }> {
  const { rows } = await db.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()",
  );
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(f[11]) + Number(f[12]); // utime, stime
    } catch {
      return { node: Number.NaN, pg: Number.NaN }; // not a local server
    }
  }
  const u = process.cpuUsage();
  return { node: (u.user + u.system) / 1e6, pg: ticks / 100 };
}
const cpuSince = (a: { node: number; pg: number }, b: { node: number; pg: number }) =>
  `node ${(b.node - a.node).toFixed(1)} s + postgres ${(b.pg - a.pg).toFixed(1)} s CPU`;

const db = await createTestDatabase("projector_bench");
try {
  const store = await createPostgresEventStore({ pool: db.pool, notifyChannel: null });
  const cols = "position, stream_id, revision, event_id, type, data, metadata, recorded_at, transaction_id";

  let t = performance.now();
  const load = await db.pool.connect();
  await pipeline(Readable.from(rows()), load.query(copyFrom(`COPY eventstore.events (${cols}) FROM STDIN`)));
  load.release();
  const { n: total, last } = (
    await db.pool.query<{ n: number; last: string }>(
      "SELECT count(*)::int AS n, max(position)::text AS last FROM eventstore.events",
    )
  ).rows[0]!;
  await db.pool.query("ANALYZE eventstore.events");
  console.log(`generated + loaded ${total} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // Baseline: raw COPY of the same rows into a similar table.
  await db.pool.query("CREATE TABLE public.events_copy (LIKE eventstore.events INCLUDING ALL)");
  const src = await db.pool.connect();
  const dst = await db.pool.connect();
  const copyCpu = await cpuSeconds(src);
  t = performance.now();
  const out = src.query(copyTo(`COPY eventstore.events (${cols}) TO STDOUT`));
  const into = dst.query(copyFrom(`COPY public.events_copy (${cols}) FROM STDIN`));
  await pipeline(out, into);
  const copySeconds = (performance.now() - t) / 1000;
  const copyCpuText = cpuSince(copyCpu, await cpuSeconds(src));
  src.release();
  dst.release();
  const copyRate = total / copySeconds;

  // Projector catch-up from position zero.
  const geo = createIpLocationDbResolver();
  geo.lookup("1.1.1.1"); // load the data before timing
  await migrate(db.pool);
  const controller = new AbortController();
  let done = 0;
  let lastReport = performance.now();
  const projCpu = await cpuSeconds(db.pool);
  t = performance.now();
  const timings: Record<string, number> = {};
  const projector = createProjector({
    timings,
    pool: db.pool,
    store,
    geo,
    batchSize: BATCH,
    ...(CACHE_ROWS === undefined ? {} : { cacheRows: CACHE_ROWS }),
    onBatch: ({ position, events }) => {
      done += events;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        console.log(`  ${done} events, ${Math.round(done / ((lastReport - t) / 1000))} events/s`);
      }
      if (position.toString() === last) controller.abort();
    },
  });
  const run = projector.run(controller.signal);
  await Promise.race([run, once(controller.signal, "abort")]);
  await run;
  const projSeconds = (performance.now() - t) / 1000;
  const projRate = total / projSeconds;
  const projCpuText = cpuSince(projCpu, await cpuSeconds(db.pool));
  const counts = await db.pool.query<{ t: string; n: number }>(
    `SELECT 'attempts' AS t, count(*)::int AS n FROM read_models.attempts UNION ALL
     SELECT 'projected_events', count(*)::int FROM read_models.projected_events UNION ALL
     SELECT 'user_status', count(*)::int FROM read_models.user_status`,
  );
  const phases = Object.entries(timings).map(([k, v]) => `${k}=${(v / 1000).toFixed(1)}s`);
  console.log(`time per phase: ${phases.join(" ")}`);
  console.log(`rows: ${counts.rows.map((r) => `${r.t}=${r.n}`).join(" ")}`);
  console.log(
    `raw COPY baseline:   ${total} rows in ${copySeconds.toFixed(1)} s = ${Math.round(copyRate)} rows/s (${copyCpuText})`,
  );
  console.log(
    `projector catch-up:  ${total} events in ${projSeconds.toFixed(1)} s = ${Math.round(projRate)} events/s (batch ${BATCH}; ${projCpuText})`,
  );
  console.log(`ratio projector/COPY: ${(projRate / copyRate).toFixed(3)} (aim ≥ 20,000 events/s)`);
  await store.close();
} finally {
  await db.drop();
}
