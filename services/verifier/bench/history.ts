/**
 * Cache-miss bench: what a verification costs when the user's state is not in the verifier's
 * cache (a restart, a new instance, an LRU eviction), for streams of 10, 1,000 and 10,000 events,
 * next to the warm-cache figure measured in the same run on the same users.
 *   hit:   a verifier with the default state cache, after one warm-up request per user;
 *   miss:  a second verifier on the same database with FACTORLENS_STATE_CACHE_SIZE=0, so every
 *          request loads the state from the store (snapshot + tail, or the whole stream);
 *   miss, no snapshots: the same with FACTORLENS_STATE_SNAPSHOT_EVERY=0 (the fold from revision 0).
 * LANES closed-loop lanes per size, each cycling over its own users (a user's HOTP codes go in
 * order), a fixed number of verifications per user so short streams stay short. Histories are
 * seeded straight into the store: alternating ChallengeFailed v1 (upcast on read) and
 * ChallengePassed, with a request context like a real login's.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createUuidV7Generator, encodeBase32, hotpCode } from "@factorlens/domain";
import { type EventStore, type JsonObject, type NewEvent, userStreamId } from "@factorlens/event-store";
import type { FastifyInstance } from "fastify";

const P = { algorithm: "SHA1", digits: 6 } as const;
export const HISTORY_SIZES = (process.env.BENCH_HISTORY_SIZES ?? "10,1000,10000").split(",").map(Number);
const LANES = 4;
/** Users per lane, and verifications per user per scenario: a 10-event stream stays short. */
const USERS_PER_LANE = 3;
const PER_USER = 10;
const SEED_CHUNK = 1_000;

export interface LaneResult {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
}
export interface HistoryRow {
  events: number;
  hit: LaneResult;
  miss: LaneResult;
  missNoSnapshots: LaneResult;
}
interface HistoryUser {
  userId: string;
  secret: Uint8Array;
  counter: number;
}

export interface HistoryTargets {
  /** Enrolls users and answers the warm (cached) runs. */
  warm: { app: FastifyInstance; base: string };
  /** No state cache, snapshots on. */
  cold: { base: string };
  /** No state cache, no snapshots. */
  coldNoSnapshots: { base: string };
  store: EventStore;
  headers: Record<string, string>;
}

const newId = createUuidV7Generator({ now: Date.now, randomBytes: (n) => randomBytes(n) });

/** Filler events of a user under attack: a failed guess (v1, upcast on read), then a success. */
function filler(userId: string, factorId: string, n: number): NewEvent {
  const failed = n % 2 === 0;
  const eventId = newId();
  const correlationId = newId();
  const envelope = {
    eventId,
    userId,
    factorId,
    occurredAt: new Date(Date.now() - 86_400_000 + n).toISOString(),
    correlationId,
    actor: { kind: "user" },
    context: { ip: `203.0.113.${n % 250}`, userAgent: "Mozilla/5.0 (X11; Linux x86_64) bench" },
  };
  const data = failed
    ? {
        ...envelope,
        type: "ChallengeFailed",
        version: 1,
        data: { method: "hotp", attemptId: `s${n}`, reason: "invalid_code" },
      }
    : { ...envelope, type: "ChallengePassed", version: 1, data: { method: "hotp", attemptId: `s${n}` } };
  return {
    id: eventId,
    type: data.type,
    data: data as JsonObject,
    metadata: { schemaVersion: data.version, correlationId },
  };
}

async function seedUser(t: HistoryTargets, size: number, tag: string, i: number): Promise<HistoryUser> {
  const userId = `hist-${tag}-${size}-${i}`;
  const secret = randomBytes(20);
  const res = await t.warm.app.inject({
    method: "POST",
    url: `/v1/users/${userId}/factors`,
    headers: t.headers,
    payload: { method: "hotp", secret: encodeBase32(secret) },
  });
  const { factorId } = res.json() as { factorId: string };
  await t.warm.app.inject({
    method: "POST",
    url: `/v1/users/${userId}/factors/${factorId}/confirm`,
    headers: t.headers,
    payload: { code: hotpCode(secret, P, 0) },
  });
  const streamId = userStreamId(userId);
  let revision = (await t.store.streamRevision(streamId)) ?? -1;
  for (let n = 0; revision + 1 < size; ) {
    const chunk = Array.from({ length: Math.min(SEED_CHUNK, size - revision - 1) }, () =>
      filler(userId, factorId, n++),
    );
    revision = (await t.store.appendToStream(streamId, chunk, { expectedRevision: revision }))
      .nextExpectedRevision;
  }
  return { userId, secret, counter: 1 };
}

export function runLanes(url: string, lanes: string[][], headers: Record<string, string>, durationS: number) {
  const bodiesFile = join(tmpdir(), `verifier-history-${process.pid}-${Date.now()}.json`);
  writeFileSync(bodiesFile, JSON.stringify(lanes));
  const job = { url, headers, bodiesFile, connections: lanes.length, durationS, lanes: true };
  return new Promise<LaneResult & { sentPerLane: number[] }>((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./load.ts", import.meta.url)), JSON.stringify(job)],
      { maxBuffer: 1 << 20 },
      (err, stdout) => {
        rmSync(bodiesFile, { force: true });
        if (err) return reject(err);
        resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}"));
      },
    );
  });
}

/** One closed-loop run against `base`: lane j verifies its users' next HOTP codes, in turn. */
async function measure(t: HistoryTargets, base: string, users: HistoryUser[]): Promise<LaneResult> {
  const lanes = Array.from({ length: LANES }, (_, j) =>
    Array.from({ length: USERS_PER_LANE * PER_USER }, (_, k) => {
      const u = users[j * USERS_PER_LANE + (k % USERS_PER_LANE)]!;
      return JSON.stringify({ userId: u.userId, code: hotpCode(u.secret, P, u.counter++) });
    }),
  );
  // every lane sends all its bodies (the duration is only a safety bound), so counters stay right
  const r = await runLanes(`${base}/v1/verify`, lanes, t.headers, 600);
  return { rps: r.rps, p50: r.p50, p99: r.p99, ok: r.ok, non2xx: r.non2xx };
}

export async function historyBench(t: HistoryTargets): Promise<HistoryRow[]> {
  const rows: HistoryRow[] = [];
  for (const size of HISTORY_SIZES) {
    const users: HistoryUser[] = [];
    for (let i = 0; i < LANES * USERS_PER_LANE; i++) users.push(await seedUser(t, size, "h", i));
    // one warm-up request per user fills the warm cache (and, on the cold instance, a snapshot)
    await measureOnce(t, t.warm.base, users);
    await measureOnce(t, t.cold.base, users);
    const hit = await measure(t, t.warm.base, users);
    const miss = await measure(t, t.cold.base, users);
    const missNoSnapshots = await measure(t, t.coldNoSnapshots.base, users);
    rows.push({ events: size, hit, miss, missNoSnapshots });
  }
  return rows;
}

async function measureOnce(t: HistoryTargets, base: string, users: HistoryUser[]) {
  for (const u of users) {
    await fetch(`${base}/v1/verify`, {
      method: "POST",
      headers: { ...t.headers, "content-type": "application/json" },
      body: JSON.stringify({ userId: u.userId, code: hotpCode(u.secret, P, u.counter++) }),
    }).then((r) => r.arrayBuffer());
  }
}

export function printHistory(rows: HistoryRow[]) {
  console.log(
    `\ncache-miss bench: ${LANES} closed-loop lanes × ${USERS_PER_LANE} users per size, ${PER_USER} verifications per user and scenario (streams grow by ≤ ${3 * PER_USER + 2} during the run)\n`,
  );
  console.log(
    "events/stream   hit p50/p99 ms   miss p50/p99 ms   miss/hit p50   miss no-snapshot p50/p99 ms   non-2xx",
  );
  const f = (r: LaneResult) => `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}`;
  for (const r of rows) {
    console.log(
      `${String(r.events).padStart(13)}   ${f(r.hit).padStart(14)}   ${f(r.miss).padStart(15)}   ${(r.miss.p50 / r.hit.p50).toFixed(2).padStart(12)}   ${f(r.missNoSnapshots).padStart(27)}   ${r.hit.non2xx + r.miss.non2xx + r.missNoSnapshots.non2xx}`,
    );
  }
  const first = rows[0];
  const last = rows.at(-1);
  if (first && last) {
    console.log(
      `miss ${last.events} / miss ${first.events} events (p50): ${(last.miss.p50 / first.miss.p50).toFixed(2)}× (aim ≤ 2×); miss ${first.events} / hit (p50): ${(first.miss.p50 / first.hit.p50).toFixed(2)}× (aim ≤ 2×)`,
    );
  }
}
