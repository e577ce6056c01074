/**
 * p50/p99 of the user timeline query and of a 24 h top-failing-IPs query through `yoga.fetch`,
 * next to the same read-model SQL run directly (ratio). Events: generated users appended to the
 * PostgreSQL event store and projected by the real projector. BENCH_EVENTS sets the size
 * (default 1M, as the issue asks; users are generated until it is reached).
 */
import { randomBytes } from "node:crypto";
import { createUuidV7Generator, toStoredEvent } from "@factorlens/domain";
import { createPostgresEventStore, userStreamId } from "@factorlens/event-store";
import { createProjector } from "@factorlens/projector";
import {
  failuresGrouped,
  getUserTimeline,
  ipsFailingForManyUsers,
  migrate,
  nullGeoResolver,
  smsPumpingCandidates,
} from "@factorlens/read-models";
import { generateUser } from "@factorlens/read-models/testing";
import { createTestDatabase } from "@factorlens/testkit";
import { createDeciderSupportActions } from "../src/adapters/decider-actions";
import { createLiveAttempts } from "../src/adapters/live-attempts";
import { createPgReadModels } from "../src/adapters/read-models-pg";
import { createEventStoreTimelineFeed } from "../src/live/timeline-feed";
import { makeApi, token } from "../src/testing/harness";

const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
/** Appends in flight while loading (distinct streams). */
const LOAD_CONCURRENCY = 16;
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const START = Date.parse("2026-11-20T00:00:00Z");

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
async function measure(n: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await fn(i); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}
const line = (name: string, api: number[], sql: number[]) =>
  `${name.padEnd(34)} api p50 ${pct(api, 0.5).toFixed(2)} ms  p99 ${pct(api, 0.99).toFixed(2)} ms | sql p50 ${pct(sql, 0.5).toFixed(2)} ms  p99 ${pct(sql, 0.99).toFixed(2)} ms | ratio p50 ${(pct(api, 0.5) / pct(sql, 0.5)).toFixed(1)}x`;

const db = await createTestDatabase("support_bench");
try {
  const store = await createPostgresEventStore({ pool: db.pool });
  await migrate(db.pool);
  const projector = createProjector({ pool: db.pool, store, geo: nullGeoResolver, batchSize: 5000 });
  let total = 0;
  let userCount = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: LOAD_CONCURRENCY }, async () => {
      while (total < TARGET_EVENTS) {
        const u = generateUser(userCount++, START);
        total += u.events.length;
        await store.appendToStream(userStreamId(u.userId), u.events.map(toStoredEvent), {
          expectedRevision: "no_stream",
        });
      }
    }),
  );
  const tAppend = Date.now();
  for (let from: bigint | undefined; ; ) {
    const batch = await store.readAll({
      ...(from !== undefined ? { fromPosition: from } : {}),
      maxCount: 5000,
    });
    if (batch.length === 0) break;
    await projector.handle(batch);
    from = batch.at(-1)!.position;
  }
  console.log(
    `setup: ${userCount} users, ${total} events appended in ${((tAppend - t0) / 1000).toFixed(1)} s, projected in ${((Date.now() - tAppend) / 1000).toFixed(1)} s`,
  );

  const now = new Date("2026-11-21T00:00:00Z");
  const newId = createUuidV7Generator({ now: () => Date.now(), randomBytes: (n) => randomBytes(n) });
  const feed = createEventStoreTimelineFeed({
    eventStore: store,
    toAttempts: createLiveAttempts(db.pool, nullGeoResolver),
    startPosition: async () => undefined,
  });
  const actions = createDeciderSupportActions({ eventStore: store, clock: { now: () => now }, newId });
  const api = makeApi({
    readModels: createPgReadModels(db.pool, { clock: { now: () => now } }),
    actions,
    feed,
    clock: { now: () => now },
  });
  // an hour: the measurements outlast the harness's default lifetime on a loaded machine
  const agent = await token(["support_agent"], "bench-agent", { expiresIn: "1h" });
  const analyst = await token(["fraud_analyst"], "bench-analyst", { expiresIn: "1h" });
  const unaudited = makeApi({
    readModels: createPgReadModels(db.pool, { clock: { now: () => now } }),
    actions: { ...actions, recordLookup: async () => undefined },
    feed,
    clock: { now: () => now },
  });
  const post = async (bearer: string, query: string, target: typeof api = api) => {
    const r = await target.fetch("http://bench/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query }),
    });
    const body = (await r.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };
  const user = (i: number) => `u${(i * 7919) % userCount}`;
  const timelineQ = (i: number) =>
    `{ user(id: "${user(i)}", ticket: "BENCH-1") { ... on User { timeline(first: 20) { edges { cursor node { id outcome at method reason diagnosis { pattern confidence } context { ip country } } } pageInfo { hasNextPage endCursor } } } } }`;
  const timelineApi = await measure(RUNS, (i) => post(agent, timelineQ(i)));
  const timelineNoAudit = await measure(RUNS, (i) => post(agent, timelineQ(i), unaudited));
  const timelineSql = await measure(RUNS, async (i) => {
    await getUserTimeline(db.pool, user(i), { first: 20 });
  });
  const from = new Date(now.getTime() - 86_400_000).toISOString();
  const to = now.toISOString();
  // Every fraud list, through the API and as the same query function run directly on the pool.
  const fraudCases = [
    {
      name: "top failing IPs, 24 h",
      q: `ipsFailingForManyUsers(from: "${from}", to: "${to}", minUsers: 2, first: 20) { edges { node { ip distinctUsers failures } } }`,
      sql: () => ipsFailingForManyUsers(db.pool, { from, to, minUsers: 2, first: 20 }),
    },
    {
      name: "failures by /24, 24 h",
      q: `failuresGrouped(by: prefix, from: "${from}", to: "${to}", first: 20) { edges { node { key failures distinctUsers unexplained } } }`,
      sql: () => failuresGrouped(db.pool, { from, to, by: "prefix", first: 20 }),
    },
    {
      name: "failures by pattern, 10 min",
      q: `failuresGrouped(by: pattern, from: "${new Date(now.getTime() - 600_000).toISOString()}", to: "${to}", first: 20) { edges { node { key failures } } }`,
      sql: () =>
        failuresGrouped(db.pool, {
          from: new Date(now.getTime() - 600_000).toISOString(),
          to,
          by: "pattern",
          first: 20,
        }),
    },
    {
      name: "SMS pumping candidates, 24 h",
      q: `smsPumpingCandidates(from: "${from}", to: "${to}", minSends: 1, maxConversion: 1, first: 20) { edges { node { numberPrefix sends verified } } }`,
      sql: () => smsPumpingCandidates(db.pool, { from, to, minSends: 1, maxConversion: 1, first: 20 }),
    },
  ];
  const fraudLines: string[] = [];
  for (const c of fraudCases) {
    const api = await measure(Math.ceil(RUNS / 3), () => post(analyst, `{ fraud { ${c.q} } }`));
    const sql = await measure(Math.ceil(RUNS / 3), async () => {
      await c.sql();
    });
    fraudLines.push(line(c.name, api, sql));
  }
  console.log(`setup size: ${total} events projected (issue asks ≥ 1M)`);
  console.log(line("user timeline (first 20, audited)", timelineApi, timelineSql));
  console.log(line("user timeline (audit stubbed)", timelineNoAudit, timelineSql));
  for (const l of fraudLines) console.log(l);
  console.log(
    "api = yoga.fetch incl. JWT, validation, limits; the timeline lookup also appends its audit event (decide from the initial state + append at any revision, no stream replay)",
  );
  await feed.close();
  await store.close();
} finally {
  await db.drop();
}
