/**
 * The load generator, in its own process (so it does not share the server's event loop): reads
 * a job from argv (url, headers, bodies file, duration, optional offered rate), runs autocannon at
 * the given concurrency and prints the summary as one JSON line on stdout.
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const job = JSON.parse(process.argv[2] ?? "{}") as {
  url: string;
  headers: Record<string, string>;
  bodiesFile: string;
  connections: number;
  durationS: number;
  /** Offered load in requests/s across all connections (autocannon overallRate); unset = closed loop. */
  rate?: number;
};
const bodies = JSON.parse(readFileSync(job.bodiesFile, "utf8")) as string[];
let seq = 0;
const r = await autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.durationS,
  ...(job.rate ? { overallRate: job.rate } : {}),
  method: "POST",
  headers: { "content-type": "application/json", ...job.headers },
  requests: [{ setupRequest: (req) => ({ ...req, body: bodies[seq++ % bodies.length] }) }],
});
process.stdout.write(
  `${JSON.stringify({
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r["2xx"],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    sent: seq,
  })}\n`,
);
