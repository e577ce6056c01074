/**
 * Event-store benchmark on the real PostgreSQL (fsync on): single-event appends with expected
 * revision at 1/16/64 writers, batched appends, readAll over >= 500k events, and baselines on the
 * same server and a similar table (plain INSERT, multi-row INSERT, COPY, plain SELECT) as ratios.
 * Usage: pnpm --filter @factorlens/event-store bench
 */
import { createTestDatabase } from "@factorlens/testkit";
import pg from "pg";
import { createPostgresEventStore } from "../src/postgres/postgres-event-store";
import { copyRows, createBaselineTable, insertOne, multiRowInsert, plainRead } from "./baselines";
import { fmt, sampleEvent, timedLoops } from "./workload";

const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 3);
const READ_EVENTS = 500_000;
const POOL = 64;

const db = await createTestDatabase("es_bench");
const t0 = performance.now();
const lines: string[] = [];
const say = (s: string) => {
  lines.push(s);
  console.log(s);
};
try {
  const store = await createPostgresEventStore({ connectionString: db.url, poolSize: POOL });
  const quiet = await createPostgresEventStore({
    connectionString: db.url,
    poolSize: POOL,
    notifyMode: "in-transaction",
    migrate: false,
  });
  const raw = new pg.Pool({ connectionString: db.url, max: POOL });
  await createBaselineTable(raw);
  const server = (await raw.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
  const fsync = (await raw.query<{ fsync: string }>("SHOW fsync")).rows[0]!.fsync;
  say(`PostgreSQL ${server}, fsync=${fsync}, pool ${POOL}, ${PHASE_SECONDS}s per phase`);
  say("");
  say("single-event appends with expected revision, distinct streams:");

  const appendPhase = async (label: string, s: typeof store, writers: number) => {
    const r = await timedLoops(writers, PHASE_SECONDS, async (w, i) => {
      await s.appendToStream(`${label}-${writers}-${w}`, [sampleEvent(i)], {
        expectedRevision: i === 0 ? "no_stream" : i - 1,
      });
    });
    say(
      `  ${String(writers).padStart(2)} writers${label === "quiet" ? " (NOTIFY in-transaction)" : ""}: ${fmt(r.opsPerSec).padStart(7)} appends/s  p50 ${fmt(r.p50, 2)} ms  p99 ${fmt(r.p99, 2)} ms`,
    );
    return r;
  };
  await appendPhase("w", store, 1);
  const ins1 = await timedLoops(1, PHASE_SECONDS, (_w, i) => insertOne(raw, "plain-single", i));
  say(
    `  baseline plain single-row INSERT, 1 writer: ${fmt(ins1.opsPerSec)} rows/s  p50 ${fmt(ins1.p50, 2)} ms (the commit/fsync floor)`,
  );
  await appendPhase("w", store, 16);
  const a64 = await appendPhase("w", store, 64);
  const q64 = await appendPhase("quiet", quiet, 64);
  const ins64 = await timedLoops(64, PHASE_SECONDS, (w, i) => insertOne(raw, `plain-${w}`, i));
  say(
    `  baseline plain single-row INSERT, 64 writers: ${fmt(ins64.opsPerSec)} rows/s  p50 ${fmt(ins64.p50, 2)} ms  p99 ${fmt(ins64.p99, 2)} ms`,
  );
  say(
    `  ratio append/INSERT at 64 writers: ${fmt(a64.opsPerSec / ins64.opsPerSec, 2)} (NOTIFY in-transaction: ${fmt(q64.opsPerSec / ins64.opsPerSec, 2)})`,
  );

  // Fill up to READ_EVENTS with batched appends (1000 events per append, 4 writers).
  const have = Number(
    (await raw.query<{ n: string }>("SELECT count(*) AS n FROM eventstore.events")).rows[0]!.n,
  );
  const batches = Math.ceil((READ_EVENTS - have) / 1000);
  const prepared = Array.from({ length: batches }, (_, b) =>
    Array.from({ length: 1000 }, (_, i) => sampleEvent(b * 1000 + i)),
  );
  const tf = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let b = next++; b < batches; b = next++) {
        await store.appendToStream(`fill-${b}`, prepared[b]!, { expectedRevision: "no_stream" });
      }
    }),
  );
  const batchedPerSec = (batches * 1000) / ((performance.now() - tf) / 1000);
  const multi = await multiRowInsert(raw, 100_000, 1000);
  const copy = await copyRows(raw, 200_000);
  say("");
  say("bulk ingest (1000 events per call):");
  say(`  appendToStream batches: ${fmt(batchedPerSec)} events/s`);
  say(`  baseline multi-row INSERT: ${fmt(multi)} rows/s   ratio ${fmt(batchedPerSec / multi, 2)}`);
  say(`  baseline COPY: ${fmt(copy)} rows/s   ratio ${fmt(batchedPerSec / copy, 2)}`);

  await raw.query("VACUUM ANALYZE eventstore.events");
  await raw.query("VACUUM ANALYZE baseline_events");
  say("");
  say("readAll from the start, pages of 1000 (after VACUUM ANALYZE):");
  const tr = performance.now();
  const cpu0 = process.cpuUsage();
  let read = 0;
  let from: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
    read += page.length;
    if (page.length < 1000) break;
    from = page[page.length - 1]!.position;
  }
  const readSeconds = (performance.now() - tr) / 1000;
  const readPerSec = read / readSeconds;
  const cpu = process.cpuUsage(cpu0);
  const nodeCpuShare = (cpu.user + cpu.system) / 1e6 / readSeconds;
  const plain = await plainRead(raw, 1000);
  say(
    `  readAll: ${fmt(read)} events, ${fmt(readPerSec)} events/s (this process busy ${fmt(nodeCpuShare * 100)}% of the time decoding)`,
  );
  say(
    `  baseline plain SELECT pages: ${fmt(plain.rows)} rows, ${fmt(plain.perSec)} rows/s   ratio ${fmt(readPerSec / plain.perSec, 2)}`,
  );
  say("");
  say(`total ${fmt((performance.now() - t0) / 1000, 1)} s`);
  await Promise.all([store.close(), quiet.close(), raw.end()]);
} finally {
  await db.drop();
}
