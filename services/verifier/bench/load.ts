/**
 * The load generator, in its own process (so it does not share the server's event loop): reads
 * a job from argv (url, headers, bodies file, duration, optional offered rate) and prints the
 * summary as one JSON line on stdout.
 *   closed loop (no rate): autocannon, `connections` requests always in flight: throughput.
 *   open loop (rate):      requests are scheduled at fixed intervals on an undici pool of
 *                          `connections` and each latency is measured from its scheduled time,
 *                          so a stall counts for every request it delayed (no coordinated
 *                          omission). autocannon's own rate limit sends each second's budget in a
 *                          burst, which measures its bursts, not the server.
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { Pool } from "undici";

const job = JSON.parse(process.argv[2] ?? "{}") as {
  url: string;
  headers: Record<string, string>;
  bodiesFile: string;
  connections: number;
  durationS: number;
  /** Offered load in requests/s; unset = closed loop. */
  rate?: number;
  /** The bodies file holds one list per lane; each lane sends its own in order, one at a time. */
  lanes?: boolean;
};
const parsed = JSON.parse(readFileSync(job.bodiesFile, "utf8")) as string[] | string[][];
const bodies = (job.lanes ? [] : parsed) as string[];
const headers = { "content-type": "application/json", ...job.headers };
let seq = 0;

async function closedLoop() {
  const r = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.durationS,
    method: "POST",
    headers,
    requests: [{ setupRequest: (req) => ({ ...req, body: bodies[seq++ % bodies.length] }) }],
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r["2xx"],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    sent: seq,
  };
}

async function openLoop(rate: number) {
  const url = new URL(job.url);
  const pool = new Pool(url.origin, { connections: job.connections, pipelining: 1 });
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const pending = new Set<Promise<void>>();
  const interval = 1000 / rate;
  const start = performance.now() + 20;
  const end = start + job.durationS * 1000;
  let next = start;
  const send = (scheduled: number) => {
    const body = bodies[seq++ % bodies.length];
    const p = pool
      .request({ path: url.pathname, method: "POST", headers, body })
      .then(async (res) => {
        await res.body.dump();
        latencies.push(performance.now() - scheduled);
        if (res.statusCode >= 200 && res.statusCode < 300) ok++;
        else non2xx++;
      })
      .catch(() => {
        errors++;
      })
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next <= now && next < end) {
        send(next);
        next += interval;
      }
      if (next >= end) return resolve();
      setTimeout(tick, Math.min(1, Math.max(0, next - performance.now())));
    };
    setTimeout(tick, 20);
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { rps: (ok + non2xx) / elapsed, p50: at(0.5), p99: at(0.99), ok, non2xx, errors, sent: seq };
}

/**
 * Closed loop per lane: lane i sends its own bodies in order, one in flight (a user's HOTP codes
 * must arrive in order). Latency of every request; the run ends after the duration or when a lane
 * runs out of bodies.
 */
async function lanesLoop(lanes: string[][]) {
  const url = new URL(job.url);
  const pool = new Pool(url.origin, { connections: lanes.length, pipelining: 1 });
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + job.durationS * 1000;
  const sentPerLane = lanes.map(() => 0);
  await Promise.all(
    lanes.map(async (lane, i) => {
      for (const body of lane) {
        if (performance.now() >= end) return;
        const t = performance.now();
        seq++;
        sentPerLane[i]!++;
        try {
          const res = await pool.request({ path: url.pathname, method: "POST", headers, body });
          await res.body.dump();
          latencies.push(performance.now() - t);
          if (res.statusCode >= 200 && res.statusCode < 300) ok++;
          else non2xx++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  const p50 = at(0.5);
  return { rps: (ok + non2xx) / elapsed, p50, p99: at(0.99), ok, non2xx, errors, sent: seq, sentPerLane };
}

const result = job.lanes
  ? await lanesLoop(parsed as string[][])
  : job.rate
    ? await openLoop(job.rate)
    : await closedLoop();
process.stdout.write(`${JSON.stringify(result)}\n`);
