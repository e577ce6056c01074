/**
 * Verifier benchmark: the verifier on the real PostgreSQL event store, driven by autocannon at
 * concurrency 64, next to a bare fastify endpoint measured in the same run (the HTTP ceiling).
 *   success: every request a fresh valid HOTP code (users taken round-robin, 4× more users than
 *            connections, so a user's codes arrive in order) → ChallengePassed appended; once as
 *            fast as 64 connections go (throughput), once at the aim's 5,000 requests/s offered
 *            (latency at that load: a saturated closed loop only measures its own queue);
 *   failure: wrong codes (users lock out after 5; every attempt is still appended);
 *   raw store append: the event store alone at 64 writers (the durability ceiling).
 * The load generator runs in a child process (bench/load.ts) so it does not share the server's
 * event loop. Prints throughput and p50/p99 with ratios, and checks every 200 was appended.
 */
import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeBase32, hotpCode } from "@factorlens/domain";
import type { EventStore } from "@factorlens/event-store";
import { createTestDatabase } from "@factorlens/testkit";
import Fastify from "fastify";
import { loadConfig } from "../src/config";
import { wireVerifier } from "../src/wire";
import { historyBench, printHistory } from "./history";
import { benchSettings, KEY } from "./settings";

const CONNECTIONS = 64;
const USERS = CONNECTIONS * 4;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
/** Bodies prepared per run: enough for 12k requests/s (more are reused, and reported). */
const MAX_REQUESTS = 12_000 * DURATION_S;
const AIM_RPS = 5_000;
/** Offered loads (requests/s) for the open-loop latency runs: half the aim, and the aim. */
const RATES = (process.env.BENCH_RATES ?? `${AIM_RPS / 2},${AIM_RPS}`).split(",").map(Number);
const P = { algorithm: "SHA1", digits: 6 } as const;
/** "history": only the cache-miss bench. */
const ONLY = process.env.BENCH_ONLY;

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  sent: number;
  /** CPU time of this process (server side: fastify, verifier, store client) per request, µs. */
  cpuUs?: number;
  /** CPU time of the database's server backends per request, µs (local server only). */
  pgCpuUs?: number;
  /** Committed transactions per request (< 1: appends grouped into one statement). */
  xactsPerReq?: number;
}

let dbPool: import("pg").Pool;
/** Backend CPU ticks per pid (Linux /proc, local server) and commits of the bench database so far. */
async function pgCounters(): Promise<{ ticks: Map<number, number>; xacts: number }> {
  const { rows } = await dbPool.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()",
  );
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks.set(pid, Number(f[11]) + Number(f[12])); // utime, stime
    } catch {
      ticks.set(pid, Number.NaN); // not a local server
    }
  }
  await dbPool.query("SELECT pg_stat_clear_snapshot()");
  const x = await dbPool.query<{ n: string }>(
    "SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()",
  );
  return { ticks, xacts: Number(x.rows[0]!.n) };
}
type PgCounters = Awaited<ReturnType<typeof pgCounters>>;
/** Backends that closed in between are not counted (an underestimate, never negative). */
const perReq = (a: PgCounters, b: PgCounters, n: number) => {
  let ticks = 0;
  for (const [pid, t] of b.ticks) ticks += t - (a.ticks.get(pid) ?? 0);
  return { pgCpuUs: (ticks * 10_000) / Math.max(1, n), xactsPerReq: (b.xacts - a.xacts) / Math.max(1, n) };
};

async function run(
  name: string,
  url: string,
  bodies: string[],
  headers: Record<string, string>,
  rate?: number,
): Promise<Result> {
  const bodiesFile = join(tmpdir(), `verifier-bench-${process.pid}-${name.replace(/\W+/g, "-")}.json`);
  writeFileSync(bodiesFile, JSON.stringify(bodies));
  const job = { url, headers, bodiesFile, connections: CONNECTIONS, durationS: DURATION_S, rate };
  const pg0 = await pgCounters();
  const cpu0 = process.cpuUsage();
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./load.ts", import.meta.url)), JSON.stringify(job)],
      { maxBuffer: 1 << 20 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });
  rmSync(bodiesFile, { force: true });
  const cpu = process.cpuUsage(cpu0);
  const r = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as Omit<Result, "name">;
  if (r.sent > bodies.length) console.warn(`${name}: ${r.sent - bodies.length} requests reused bodies`);
  const n = r.ok + r.non2xx;
  return {
    name,
    ...r,
    cpuUs: (cpu.user + cpu.system) / Math.max(1, n),
    ...perReq(pg0, await pgCounters(), n),
  };
}

/** The store's own ceiling: 64 writers appending one event each to distinct streams, no HTTP. */
async function rawAppends(store: EventStore): Promise<Result> {
  let n = 0;
  const latencies: number[] = [];
  const pg0 = await pgCounters();
  const cpu0 = process.cpuUsage();
  const end = Date.now() + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, w) => {
      let expectedRevision: number | "no_stream" = "no_stream";
      while (Date.now() < end) {
        const t = performance.now();
        const res = await store.appendToStream(
          `bench-raw-${w}`,
          [{ id: randomUUID(), type: "BenchProbe", data: { w } }],
          {
            expectedRevision,
          },
        );
        latencies.push(performance.now() - t);
        expectedRevision = res.nextExpectedRevision;
        n++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return {
    name: "raw store append (no HTTP)",
    rps: n / DURATION_S,
    p50: at(0.5),
    p99: at(0.99),
    ok: n,
    non2xx: 0,
    errors: 0,
    sent: n,
    cpuUs: (cpu.user + cpu.system) / Math.max(1, n),
    ...perReq(pg0, await pgCounters(), n),
  };
}

const countEvents = async (db: { pool: import("pg").Pool }, type?: string) =>
  Number(
    (
      await db.pool.query(
        type
          ? "SELECT count(*) FROM eventstore.events WHERE type = $1"
          : "SELECT count(*) FROM eventstore.events",
        type ? [type] : [],
      )
    ).rows[0].count,
  );

async function main() {
  const db = await createTestDatabase("verifier_bench");
  dbPool = db.pool;
  const bare = Fastify({ logger: false });
  bare.post("/bare", async (req) => ({
    accepted: true,
    attemptId: (req.body as { attemptId?: string }).attemptId,
  }));
  await bare.listen({ port: 0, host: "127.0.0.1" });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/bare`;

  const config = loadConfig({
    ...benchSettings(db.url),
    ...(process.env.FACTORLENS_STORE_POOL_SIZE
      ? { FACTORLENS_STORE_POOL_SIZE: process.env.FACTORLENS_STORE_POOL_SIZE }
      : {}),
    // 0 measures the verifier without the shared rate-limit sync (default 250 ms)
    ...(process.env.FACTORLENS_RATE_LIMIT_SYNC_MS
      ? { FACTORLENS_RATE_LIMIT_SYNC_MS: process.env.FACTORLENS_RATE_LIMIT_SYNC_MS }
      : {}),
  });
  const verifier = await wireVerifier(config);
  await verifier.app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(verifier.app.server.address() as { port: number }).port}`;
  const headers = { authorization: `Bearer ${KEY}` };
  if (ONLY === "history") {
    await runHistory(config, verifier, base, headers);
    await verifier.close();
    await bare.close();
    await db.drop();
    return;
  }

  // Setup: HOTP users, enrolled and confirmed through the API.
  const users: { userId: string; secret: Uint8Array; counter: number }[] = [];
  for (let i = 0; i < USERS; i++) {
    const userId = `bench-${i}`;
    const secret = randomBytes(20);
    const res = await verifier.app.inject({
      method: "POST",
      url: `/v1/users/${userId}/factors`,
      headers,
      payload: { method: "hotp", secret: encodeBase32(secret) },
    });
    const { factorId } = res.json();
    await verifier.app.inject({
      method: "POST",
      url: `/v1/users/${userId}/factors/${factorId}/confirm`,
      headers,
      payload: { code: hotpCode(secret, P, 0) },
    });
    users.push({ userId, secret, counter: 1 });
  }
  const seqs = Array.from({ length: MAX_REQUESTS }, (_, n) => n);
  const results: Result[] = [];

  results.push(
    await run(
      "bare fastify (ceiling)",
      bareUrl,
      seqs.map((n) => JSON.stringify({ attemptId: `a${n}` })),
      {},
    ),
  );
  results.push(await rawAppends(verifier.store));
  const bareBodies = seqs.map((n) => JSON.stringify({ attemptId: `a${n}` }));
  const bareOpen = await run(`bare fastify @ ${AIM_RPS}/s offered`, bareUrl, bareBodies, {}, AIM_RPS);

  /** Fresh HOTP bodies for every user in turn; `consumed(sent)` moves the users past those sent. */
  const successBodies = () => {
    const owner: number[] = [];
    const counter: number[] = [];
    const next = users.map((u) => u.counter);
    const bodies = seqs.map((n) => {
      const i = n % users.length;
      const u = users[i]!;
      owner.push(i);
      counter.push(next[i]!);
      return JSON.stringify({ userId: u.userId, code: hotpCode(u.secret, P, next[i]!++) });
    });
    const consumed = (sent: number) => {
      for (let n = 0; n < Math.min(sent, bodies.length); n++) users[owner[n]!]!.counter = counter[n]! + 1;
    };
    return { bodies, consumed };
  };
  const before = await countEvents(db);
  const closed = successBodies();
  results.push(await run("verify success (HOTP)", `${base}/v1/verify`, closed.bodies, headers));
  closed.consumed(results.at(-1)!.sent);
  const paced: Result[] = [];
  for (const rate of RATES) {
    const bodies = successBodies();
    const r = await run(
      `verify success @ ${rate}/s offered`,
      `${base}/v1/verify`,
      bodies.bodies,
      headers,
      rate,
    );
    bodies.consumed(r.sent);
    results.push(r);
    paced.push(r);
  }
  const afterSuccess = await countEvents(db);
  const passed = (await countEvents(db, "ChallengePassed")) - USERS;
  const appendCeiling = results[1]!;
  const successAnswers = results[2]!.ok + paced.reduce((n, r) => n + r.ok, 0);

  const failureBodies = seqs.map((n) => {
    const u = users[n % users.length]!;
    return JSON.stringify({ userId: u.userId, code: String(100000 + ((n * 7919) % 899999)) });
  });
  results.push(await run("verify failure (wrong codes)", `${base}/v1/verify`, failureBodies, headers));
  const failure = results.at(-1)!;
  results.push(bareOpen); // printed last: this machine's open-loop floor at the aim's rate
  await verifier.app.drainBackground();
  const afterFailure = await countEvents(db);
  const failed = await countEvents(db, "ChallengeFailed");

  const ceiling = results[0]!;
  console.log(
    `\nverifier bench: ${CONNECTIONS} connections, ${DURATION_S}s per scenario, PostgreSQL event store\n`,
  );
  console.log(
    "scenario                         req/s  p50 ms  p99 ms  ×ceiling      2xx  non-2xx  errors  cpu µs/req  pg µs/req  commits/req",
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(30)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${(r.rps / ceiling.rps).toFixed(2).padStart(9)} ${String(r.ok).padStart(8)} ${String(r.non2xx).padStart(8)} ${String(r.errors).padStart(7)} ${(r.cpuUs ?? 0).toFixed(0).padStart(11)} ${r.pgCpuUs === undefined ? "" : r.pgCpuUs.toFixed(0).padStart(10)} ${r.xactsPerReq === undefined ? "" : r.xactsPerReq.toFixed(2).padStart(12)}`,
    );
  }
  console.log(
    `\ndurability: success runs ${successAnswers} answers, ${passed} ChallengePassed, ${afterSuccess - before} events appended`,
  );
  console.log(
    `            failure run ${failure.ok} answers, ${failed} ChallengeFailed, ${afterFailure - afterSuccess} events appended (incl. diagnoses, lockouts)`,
  );
  console.log(
    `verify success / raw append: ${(results[2]!.rps / appendCeiling.rps).toFixed(2)}×  (every verification is one durable append)`,
  );
  console.log(
    `aim: ≥ ${AIM_RPS} verifications/s with p99 ≤ 15 ms. Closed loop: ${results[2]!.rps.toFixed(0)}/s at most. Open loop: ${paced
      .map((r, i) => `${RATES[i]}/s offered → ${r.rps.toFixed(0)}/s served, p99 ${r.p99.toFixed(1)} ms`)
      .join(
        "; ",
      )}. Bare fastify at ${AIM_RPS}/s offered: p99 ${bareOpen.p99.toFixed(1)} ms (this machine's floor)\n`,
  );
  await runHistory(config, verifier, base, headers);
  await verifier.close();
  await bare.close();
  await db.drop();
}

/** Two cache-less verifiers on the same database (snapshots on, and off) for the cache-miss bench. */
async function runHistory(
  config: ReturnType<typeof loadConfig>,
  verifier: Awaited<ReturnType<typeof wireVerifier>>,
  base: string,
  headers: Record<string, string>,
) {
  const listen = async (c: ReturnType<typeof loadConfig>) => {
    const v = await wireVerifier(c);
    await v.app.listen({ port: 0, host: "127.0.0.1" });
    return { v, base: `http://127.0.0.1:${(v.app.server.address() as { port: number }).port}` };
  };
  const cold = await listen({ ...config, stateCacheSize: 0 });
  const coldNoSnapshots = await listen({ ...config, stateCacheSize: 0, stateSnapshotEvery: 0 });
  try {
    const rows = await historyBench({
      warm: { app: verifier.app, base },
      cold: { base: cold.base },
      coldNoSnapshots: { base: coldNoSnapshots.base },
      store: verifier.store,
      headers,
    });
    printHistory(rows);
  } finally {
    await cold.v.close();
    await coldNoSnapshots.v.close();
  }
}

await main();
