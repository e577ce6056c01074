/**
 * Verifier benchmark: the verifier on the real PostgreSQL event store, driven by autocannon at
 * concurrency 64, next to a bare fastify endpoint measured in the same run (the HTTP ceiling).
 *   success: every request a fresh valid HOTP code (users taken round-robin, 4× more users than
 *            connections, so a user's codes arrive in order) → ChallengePassed appended;
 *   failure: wrong codes (users lock out after 5; every attempt is still appended).
 * Prints throughput and p50/p99 with ratios, and checks that every 200 was durably appended.
 */
import { randomBytes } from "node:crypto";
import { encodeBase32, hotpCode } from "@factorlens/domain";
import { createTestDatabase } from "@factorlens/testkit";
import autocannon from "autocannon";
import Fastify from "fastify";
import { loadConfig } from "../src/config";
import { wireVerifier } from "../src/wire";

const CONNECTIONS = 64;
const USERS_PER_CONNECTION = 4;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const KEY = "bench-key-0123456789abcdef";
const P = { algorithm: "SHA1", digits: 6 } as const;

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
}

async function run(
  name: string,
  url: string,
  body: (seq: number) => string,
  headers: Record<string, string>,
): Promise<Result> {
  let seq = 0;
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: body(seq++) }),
      },
    ],
  });
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r["2xx"],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

async function main() {
  const db = await createTestDatabase("verifier_bench");
  const bare = Fastify({ logger: false });
  bare.post("/bare", async (req) => ({
    accepted: true,
    attemptId: (req.body as { attemptId?: string }).attemptId ?? "x",
  }));
  await bare.listen({ port: 0, host: "127.0.0.1" });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/bare`;

  const config = loadConfig({
    DATABASE_URL: db.url,
    FACTORLENS_MASTER_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    FACTORLENS_API_KEYS: `bench:verify+enroll+admin:${KEY}`,
    FACTORLENS_RATE_LIMIT_PER_IP: "10000000",
    FACTORLENS_RATE_LIMIT_PER_USER: "10000000",
    LOG_LEVEL: "warn",
  });
  const verifier = await wireVerifier(config);
  await verifier.app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(verifier.app.server.address() as { port: number }).port}`;
  const headers = { authorization: `Bearer ${KEY}` };

  // Setup: HOTP users, enrolled and confirmed through the API.
  const users: { userId: string; secret: Uint8Array; counter: number }[] = [];
  const total = CONNECTIONS * USERS_PER_CONNECTION;
  for (let i = 0; i < total; i++) {
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
  const eventsBefore = Number((await db.pool.query("SELECT count(*) FROM eventstore.events")).rows[0].count);

  const results: Result[] = [];
  results.push(
    await run("bare fastify (ceiling)", bareUrl, (n) => JSON.stringify({ attemptId: `a${n}` }), {}),
  );
  results.push(
    await run(
      "verify success (HOTP)",
      `${base}/v1/verify`,
      (n) => {
        const u = users[n % users.length]!;
        const code = hotpCode(u.secret, P, u.counter);
        u.counter++;
        return JSON.stringify({ userId: u.userId, code });
      },
      headers,
    ),
  );
  const eventsAfterSuccess = Number(
    (await db.pool.query("SELECT count(*) FROM eventstore.events")).rows[0].count,
  );
  const passed = Number(
    (await db.pool.query("SELECT count(*) FROM eventstore.events WHERE type = 'ChallengePassed'")).rows[0]
      .count,
  );
  results.push(
    await run(
      "verify failure (wrong codes)",
      `${base}/v1/verify`,
      (n) => {
        const u = users[n % users.length]!;
        return JSON.stringify({ userId: u.userId, code: String(100000 + ((n * 7919) % 899999)) });
      },
      headers,
    ),
  );
  const eventsAfterFailure = Number(
    (await db.pool.query("SELECT count(*) FROM eventstore.events")).rows[0].count,
  );
  await verifier.app.drainBackground();

  const ceiling = results[0]!;
  console.log(
    `\nverifier bench: ${CONNECTIONS} connections, ${DURATION_S}s each, PostgreSQL event store, 2-core machine\n`,
  );
  console.log("scenario                        req/s   p50 ms  p99 ms  ×ceiling  2xx      non-2xx  errors");
  for (const r of results) {
    console.log(
      `${r.name.padEnd(30)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)}  ${(r.rps / ceiling.rps).toFixed(2).padStart(7)}  ${String(r.ok).padEnd(8)} ${String(r.non2xx).padEnd(8)} ${r.errors}`,
    );
  }
  const success = results[1]!;
  console.log(
    `\ndurability: success run answered ${success.ok} × 200; events appended ${eventsAfterSuccess - eventsBefore} (ChallengePassed in store: ${passed - total})`,
  );
  console.log(
    `failure run answered ${results[2]!.ok} × 200; events appended ${eventsAfterFailure - eventsAfterSuccess}`,
  );
  console.log("aim: ≥ 5,000 verifications/s with p99 ≤ 15 ms\n");
  await verifier.close();
  await bare.close();
  await db.drop();
}

await main();
