/**
 * The projector dies (SIGKILL, mid-stream) while the verifier keeps appending, stays down while
 * more events arrive, and is started again: the read models catch up with every event exactly
 * once: the checkpoint reaches the head, every attempt is in `attempts` and the failure rollup
 * counts each ChallengeFailed in the store once (the
 * per-IP failure counters are additive: a batch applied twice would count it twice).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REPO_ROOT } from "../e2e/platform-process";
import { type PgCluster, startPgCluster } from "./pg-cluster";
import { startVerifier, type VerifierFixture } from "./verifier-fixture";

const PROJECTOR_DIR = join(REPO_ROOT, "services/projector");
const USERS = ["u1", "u2", "u3", "u4", "u5", "u6"];

let cluster: PgCluster;
let v: VerifierFixture;
let db: pg.Pool;
const children = new Set<ChildProcess>();

const startProjector = () => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: PROJECTOR_DIR,
    env: {
      ...process.env,
      DATABASE_URL: cluster.url,
      PROJECTOR_BATCH_SIZE: "25",
      PROJECTOR_GEO: "none",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, exited };
};

const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
const storedEvents = () => count("SELECT count(*) AS n FROM eventstore.events");
const checkpoint = async () =>
  BigInt(
    (
      await db.query<{ position: string }>(
        "SELECT position::text FROM read_models.checkpoints WHERE subscriber_id = 'projector'",
      )
    ).rows[0]?.position ?? -1,
  );
/** What the read models say happened, each to be compared with the events in the store. */
const projected = async () => ({
  failures: await count("SELECT coalesce(sum(failures), 0) AS n FROM read_models.ip_user_failures"),
  attempts: await count("SELECT count(*) AS n FROM read_models.attempts"),
});
const inStore = async () => ({
  failures: await count("SELECT count(*) AS n FROM eventstore.events WHERE type = 'ChallengeFailed'"),
  attempts: await count(
    `SELECT count(DISTINCT data->'data'->>'attemptId') AS n FROM eventstore.events
     WHERE type IN ('ChallengeFailed', 'ChallengePassed')`,
  ),
});

/** Verifications from several users at once until stopped: every one appends at least one event. */
function startWriter() {
  let running = true;
  let requests = 0;
  const loop = async (userId: string) => {
    for (let i = 0; running; i++) {
      const res = await v.verify(userId, i % 2 ? "000000" : "123456");
      if (res.statusCode !== 200) throw new Error(`verify: ${res.statusCode} ${res.body}`);
      requests++;
    }
  };
  // A failed request stops every loop; stop() reports it.
  const done = Promise.all(USERS.map(loop)).catch((e: unknown) => {
    running = false;
    return e;
  });
  return {
    requests: () => requests,
    async stop() {
      running = false;
      const failure = await done;
      if (failure instanceof Error) throw failure;
      await v.app.drainBackground(); // queued diagnoses append too
    },
  };
}

beforeAll(async () => {
  cluster = await startPgCluster();
  v = await startVerifier(cluster.url);
  db = new pg.Pool({ connectionString: cluster.url, max: 2 });
  db.on("error", () => {}); // the cluster is stopped on purpose; idle clients then error
  for (const u of USERS) await v.activeTotp(u);
});
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await db?.end();
  await v?.close();
  cluster?.destroy();
});

describe("projector outage while events keep being appended", () => {
  it("catches up after a SIGKILL and a restart with no gap and no double", async () => {
    const writer = startWriter();
    const first = startProjector();
    // Kill it once it has committed a batch and is working live under the writes.
    await vi.waitFor(async () => expect((await projected()).attempts).toBeGreaterThan(50), {
      timeout: 30_000,
      interval: 50,
    });
    first.child.kill("SIGKILL");
    await first.exited;
    const atKill = await storedEvents();
    const projectedAtKill = await projected();
    const checkpointAtKill = await checkpoint();
    // While it is down the store keeps growing and the read models do not move.
    await vi.waitFor(async () => expect(await storedEvents()).toBeGreaterThan(atKill + 300), {
      timeout: 30_000,
      interval: 50,
    });
    expect(await projected()).toEqual(projectedAtKill);

    startProjector();
    await vi.waitFor(async () => expect(await checkpoint()).toBeGreaterThan(checkpointAtKill), {
      timeout: 30_000,
      interval: 50,
    });
    const afterRestart = await storedEvents();
    await vi.waitFor(async () => expect(await storedEvents()).toBeGreaterThan(afterRestart + 200), {
      timeout: 30_000,
      interval: 50,
    });
    await writer.stop();

    const head = BigInt(
      (await db.query<{ p: string }>("SELECT max(position)::text AS p FROM eventstore.events")).rows[0]?.p ??
        -1,
    );
    await vi.waitFor(async () => expect(await checkpoint()).toBe(head), { timeout: 30_000, interval: 100 });
    const expected = await inStore();
    expect(expected.failures).toBeGreaterThan(atKill / 2);
    expect(await projected()).toEqual(expected);
  });
});
