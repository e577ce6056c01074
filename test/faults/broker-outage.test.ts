/**
 * The Kafka broker of a running `pnpm start` platform goes away under a steady verify load: a
 * dedicated broker (never the shared one on 9092) is frozen (SIGSTOP) for 15 s, then killed
 * (SIGKILL) and started again on the same ports and log dir. Verification never notices: every
 * verify answers as expected and in time, the verifier's `/readyz` stays 200 (it never depends on
 * Kafka). The platform's ops `/readyz` names the relay within 10 s of each stop, the relay's lag
 * rises while the broker is away and returns to 0 after, and every event in the store reaches
 * `tfa.events.v1`: after the stall exactly once; after the kill a batch the relay republishes
 * (it restarts with a new producer) may repeat events, always under the same event id with the
 * same value, so consumers dedupe them. The figures (latency before/during, catch-up times,
 * duplicates) are printed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TOPICS } from "@factorlens/kafka";
import type { TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type Banner,
  freePort,
  type PlatformProcess,
  probeUrl,
  startPlatformProcess,
} from "../e2e/platform-process";
import { type KafkaBroker, readTopicToEnd, startBrokerAndDatabase } from "./kafka-broker";
import { enrollUsers, startVerifyLoad } from "./verify-load";

const FREEZE_MS = 15_000;
/** How long the broker stays dead after the SIGKILL before it is started again. */
const DEAD_MS = 5_000;
const LOAD_INTERVAL_MS = 200; // ~5 verifies/s
const USERS = 50; // each user is verified every ~10 s: one accepted code per step, at most 2 failures
/**
 * A verify during the outage that takes longer than this waited for Kafka (a request timeout is
 * 30 s); a healthy one takes ~10–50 ms, with spikes to ~1.5 s on the shared 2-core test machine.
 */
const VERIFY_BOUND_MS = 3_000;

type Phase = "warm-up" | "before" | "frozen" | "recovering" | "killed" | "restarting" | "after";
const OUTAGE: Phase[] = ["frozen", "killed", "restarting"];

let broker: KafkaBroker | undefined;
let db: TestDatabase | undefined;
let platform: PlatformProcess | undefined;
let banner: Banner;
let ops: string;
const dataDir = mkdtempSync(join(tmpdir(), "factorlens-broker-outage-"));

beforeAll(async () => {
  ({ broker, db } = await startBrokerAndDatabase("broker_outage"));
  const opsPort = await freePort();
  platform = startPlatformProcess({
    env: {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: broker.brokers.join(","),
      FACTORLENS_PLATFORM_DATA_DIR: dataDir,
      FACTORLENS_VERIFIER_PORT: String(await freePort()),
      FACTORLENS_SUPPORT_PORT: String(await freePort()),
      FACTORLENS_OPS_PORT: String(opsPort),
      FACTORLENS_RATE_LIMIT_PER_IP: "10000000", // the whole load comes from one address
    },
  });
  banner = await platform.waitForReady();
  ops = `http://127.0.0.1:${opsPort}`;
}, 90_000);

afterAll(async () => {
  await platform?.stop("SIGKILL").catch(() => undefined);
  await broker?.destroy();
  await db?.drop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

const relayLag = (metrics: string) => {
  const m = /^factorlens_relay_lag_events (\d+)$/m.exec(metrics);
  return m ? Number(m[1]) : null;
};
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

describe("a Kafka broker outage under the platform", () => {
  it("leaves verification untouched, names the relay in /readyz, and the relay catches up with nothing lost", async () => {
    const started = Date.now();
    const since = (t: number) => Date.now() - t;
    const p = platform as PlatformProcess;
    const b = broker as KafkaBroker;
    // Every platform line with its time, to tell when the relay failed and restarted.
    const lines: string[] = [];
    for (const stream of [p.child.stdout, p.child.stderr]) {
      stream?.on("data", (chunk: Buffer) => {
        for (const l of chunk.toString("utf8").split("\n").filter(Boolean))
          lines.push(`+${since(started)} ms ${l}`);
      });
    }

    // Every part ready (the relay connected and following the store) before the load starts.
    await vi.waitFor(async () => expect((await probeUrl(`${ops}/readyz`)).status).toBe(200), {
      timeout: 30_000,
      interval: 250,
    });
    let phase: Phase = "warm-up";
    const load = startVerifyLoad(banner, await enrollUsers(banner, USERS), {
      intervalMs: LOAD_INTERVAL_MS,
      phase: () => phase,
    });

    // Watchers: the verifier's readiness (every 500 ms), the relay's lag gauge and the ops readiness.
    const verifierUnready: string[] = [];
    const lag: { phase: Phase; value: number | null }[] = [];
    const opsReasons: string[] = [];
    let opsReadyAt: number | null = null;
    let watching = true;
    const every = (ms: number, fn: () => Promise<void>) =>
      (async () => {
        while (watching) {
          await fn();
          await sleep(ms);
        }
      })();
    const watchers = Promise.all([
      every(500, async () => {
        const r = await probeUrl(`${banner.verifierUrl}/readyz`);
        if (r.status !== 200) verifierUnready.push(`${phase}: ${r.status} ${r.body}`);
      }),
      every(1000, async () => {
        lag.push({ phase, value: relayLag((await probeUrl(`${ops}/metrics`)).body) });
      }),
      every(500, async () => {
        const r = await probeUrl(`${ops}/readyz`);
        const reason = `${r.status} ${r.body.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "…")}`;
        if (r.status !== 200 && !opsReasons.some((x) => x.endsWith(reason)))
          opsReasons.push(`+${since(started)} ms ${phase}: ${reason}`);
        if (phase === "after" && r.status === 200) opsReadyAt ??= Date.now();
      }),
    ]);

    const relayNamedUnready = async (from: number) => {
      await vi.waitFor(
        async () => {
          const r = await probeUrl(`${ops}/readyz`);
          expect(r.status).toBe(503);
          expect(r.body).toMatch(/relay/);
        },
        { timeout: 12_000, interval: 250 },
      );
      return { afterMs: since(from) };
    };
    /** Catch-up as the store sees it: the relay's checkpoint reaches the head of the moment. */
    const relayCaughtUp = async () => {
      const from = Date.now();
      const q = async (sql: string) =>
        BigInt((await db?.pool.query<{ p: string | null }>(sql))?.rows[0]?.p ?? "0");
      const head = await q("SELECT max(position)::text AS p FROM eventstore.events");
      await vi.waitFor(
        async () =>
          expect(
            await q("SELECT position::text AS p FROM eventstore.checkpoints WHERE subscriber_id = 'relay'"),
          ).toBeGreaterThanOrEqual(head),
        { timeout: 40_000, interval: 100 },
      );
      const checkpointMs = since(from);
      await vi.waitFor(
        async () => {
          const r = await probeUrl(`${ops}/readyz`);
          expect(r.status).not.toBe(0); // it answered
          expect(r.body).not.toMatch(/relay/);
        },
        { timeout: 20_000, interval: 250 },
      );
      return { checkpointMs, readyMs: since(from) };
    };
    let thawed = false;
    try {
      await sleep(3_000); // first verifies after the enrolment burst: not part of the baseline
      phase = "before";
      await sleep(8_000);

      // 1. Frozen for 15 s: the relay's batch waits for its ack, nothing is lost or doubled.
      phase = "frozen";
      b.freeze();
      const frozenAt = Date.now();
      const frozen = await relayNamedUnready(frozenAt);
      await sleep(FREEZE_MS - since(frozenAt));
      b.thaw();
      thawed = true;
      phase = "recovering";
      const afterThaw = await relayCaughtUp();
      const afterFreeze = await readTopicToEnd(b.brokers, TOPICS.events);
      expect(afterFreeze.length).toBeGreaterThan(0);
      expect(afterFreeze.length - new Set(afterFreeze.map((m) => m.id)).size).toBe(0);

      // 2. Killed, dead for 5 s, then started again on the same ports and log dir.
      phase = "killed";
      await b.kill();
      const killedAt = Date.now();
      const killed = await relayNamedUnready(killedAt);
      await sleep(DEAD_MS - since(killedAt));
      phase = "restarting";
      const restartAt = Date.now();
      await b.start();
      const restartMs = since(restartAt);
      phase = "after";
      const backAt = Date.now();
      const afterRestart = await relayCaughtUp();
      await sleep(3_000); // a few seconds of load on the recovered broker
      const samples = await load.stop();

      // Verification never noticed: every answer as expected, none slow, the verifier ready throughout.
      expect(samples.filter((s) => s.problem !== null).map((s) => `${s.phase}: ${s.problem}`)).toEqual([]);
      expect(verifierUnready).toEqual([]);
      const before = samples.filter((s) => s.phase === "before").map((s) => s.ms);
      const during = samples.filter((s) => OUTAGE.includes(s.phase)).map((s) => s.ms);
      expect(before.length).toBeGreaterThan(25);
      expect(during.length).toBeGreaterThan(100);
      expect(Math.max(...during)).toBeLessThan(VERIFY_BOUND_MS);
      expect(percentile(during, 0.5)).toBeLessThanOrEqual(Math.max(2 * percentile(before, 0.5), 50));

      // Readiness named the relay within 10 s of each stop; its lag rose, then came back to 0.
      expect(frozen.afterMs).toBeLessThan(10_000);
      expect(killed.afterMs).toBeLessThan(10_000);
      const outageLag = Math.max(...lag.filter((l) => OUTAGE.includes(l.phase)).map((l) => l.value ?? 0));
      expect(outageLag).toBeGreaterThan(0);
      expect(p.child.exitCode).toBeNull();
      expect(p.output()).not.toMatch(/stopping…|a part crashed/);

      // Without load the lag gauge (refreshed at most every 5 s) reads 0 again.
      await relayCaughtUp(); // the last requests' events too
      await vi.waitFor(async () => expect(relayLag((await probeUrl(`${ops}/metrics`)).body)).toBe(0), {
        timeout: 15_000,
        interval: 250,
      });

      // Every stored event is on the topic, nothing else is; a repeat has the id and value of the first.
      const stored = new Set(
        (
          await db?.pool.query<{ id: string }>("SELECT event_id::text AS id FROM eventstore.events")
        )?.rows.map((r) => r.id),
      );
      const onTopic = await readTopicToEnd(b.brokers, TOPICS.events);
      const byId = new Map<string, Set<string>>();
      for (const m of onTopic) byId.set(m.id, (byId.get(m.id) ?? new Set()).add(m.value));
      expect([...stored].filter((id) => !byId.has(id))).toEqual([]);
      expect([...byId.keys()].filter((id) => !stored.has(id))).toEqual([]);
      expect([...byId].filter(([, values]) => values.size > 1).map(([id]) => id)).toEqual([]);
      // The ingest is back in its consumer group as well: its crashed member's session (10 s) expired.
      await vi.waitFor(async () => expect((await probeUrl(`${ops}/readyz`)).status).toBe(200), {
        timeout: 30_000,
        interval: 250,
      });
      watching = false;
      await watchers;

      const fmtLatency = (xs: number[]) =>
        `p50 ${percentile(xs, 0.5).toFixed(1)} ms, p99 ${percentile(xs, 0.99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(0)} ms (n=${xs.length})`;
      const warmUp = samples.filter((s) => s.phase === "warm-up").map((s) => s.ms);
      console.log(
        [
          `broker outage: ${samples.length} verifies, none failed or unexpected; test ${(since(started) / 1000).toFixed(1)} s`,
          `  verify latency in the warm-up (3 s):   ${fmtLatency(warmUp)}`,
          `  verify latency before the outage:      ${fmtLatency(before)}`,
          `  verify latency during the outage:      ${fmtLatency(during)}`,
          `  ops /readyz named the relay ${frozen.afterMs} ms after SIGSTOP, ${killed.afterMs} ms after SIGKILL`,
          `  relay checkpoint at the store's head ${afterThaw.checkpointMs} ms after SIGCONT, ${afterRestart.checkpointMs} ms after the restarted broker answered (its restart took ${restartMs} ms)`,
          `  relay gone from ops /readyz ${afterThaw.readyMs} ms after SIGCONT, ${afterRestart.readyMs} ms after the restart`,
          `  whole ops /readyz 200 again ${opsReadyAt === null ? "not within the test" : `${opsReadyAt - backAt} ms`} after the restart`,
          `  peak relay lag during the outage: ${outageLag} events`,
          `  ${stored.size} events in the store, ${onTopic.length} messages on ${TOPICS.events}, ${onTopic.length - byId.size} duplicates`,
        ].join("\n"),
      );
    } finally {
      console.log(
        [
          ...opsReasons.map((r) => `  ops /readyz ${r}`),
          ...lines.filter((l) => /"service":"(relay|ingest)"/.test(l)).map((l) => `  platform ${l}`),
        ].join("\n"),
      );
      watching = false;
      await load.stop();
      if (!thawed) b.thaw();
    }
  }, 120_000);
});
