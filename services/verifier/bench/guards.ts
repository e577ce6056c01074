/**
 * What the SMS guard and the IP throttle cost: two verifier instances on one PostgreSQL, one with
 * both off, one with both on (a burst size no traffic reaches, so every SMS send runs the guard's
 * count and insert, and no prefix is ever refused). Requests go one at a time over HTTP, the two
 * instances alternating request by request so the machine's load hits both alike:
 *   non-SMS verify: a fresh HOTP code (ChallengePassed appended), IP in the context;
 *   SMS send: POST /sms-challenges to an active SMS factor on a non-allow-listed prefix.
 * Baselines measured in the same run: a raw HMAC-SHA1 of a code (the engine's floor) and a bare
 * fastify endpoint (the HTTP floor). Prints p50/p99 per case and the on/off ratios.
 *   pnpm --filter @factorlens/verifier exec tsx bench/guards.ts   (BENCH_ROUNDS, default 6)
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { encodeBase32, hotpCode } from "@factorlens/domain";
import { createTestDatabase } from "@factorlens/testkit";
import Fastify from "fastify";
import type { SmsMessage, SmsProvider } from "../src/app/ports";
import { loadConfig } from "../src/config";
import { createPostgresSmsGuardStore } from "../src/db/sms-guard-store";
import { wireVerifier } from "../src/wire";
import { benchSettings, KEY } from "./settings";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const PER_ROUND = 150;
const P = { algorithm: "SHA1", digits: 6 } as const;
const headers = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? 0;
};
const fmt = (ms: number) => `${(ms * 1000).toFixed(0).padStart(6)} µs`;

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function post(url: string, body: unknown, expect: number) {
  const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  if (res.status !== expect) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

async function main() {
  const db = await createTestDatabase("verifier_bench_guards");
  const sink: SmsProvider = {
    name: "bench",
    send: async (_m: SmsMessage) => ({ providerMessageId: randomUUID() }),
  };
  const base = benchSettings(db.url);
  const off = await wireVerifier(loadConfig(base), { smsProvider: sink });
  const on = await wireVerifier(
    loadConfig({
      ...base,
      FACTORLENS_SMS_GUARD_ENABLED: "true",
      FACTORLENS_SMS_GUARD_BURST_SENDS: "1000000",
      FACTORLENS_IP_THROTTLE_ENABLED: "true",
    }),
    { smsProvider: sink, store: off.store },
  );
  const bare = Fastify({ logger: false });
  bare.post("/bare", async () => ({ accepted: true }));
  const urls: Record<string, string> = {};
  for (const [name, app] of [
    ["off", off.app],
    ["on", on.app],
    ["bare", bare],
  ] as const) {
    await app.listen({ port: 0, host: "127.0.0.1" });
    urls[name] = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  }

  // Setup through the "off" instance: HOTP users (non-SMS verify) and SMS users (active factor).
  const hotp = new Map<string, { secret: Buffer; counter: number }>();
  const smsUsers: string[] = [];
  for (const inst of ["off", "on"]) {
    for (let i = 0; i < 20; i++) {
      const userId = `h-${inst}-${i}`;
      const secret = randomBytes(20);
      const res = await fetch(`${urls.off}/v1/users/${userId}/factors`, {
        method: "POST",
        headers,
        body: JSON.stringify({ method: "hotp", secret: encodeBase32(secret) }),
      });
      const { factorId } = (await res.json()) as { factorId: string };
      await post(
        `${urls.off}/v1/users/${userId}/factors/${factorId}/confirm`,
        { code: hotpCode(secret, P, 0) },
        200,
      );
      hotp.set(userId, { secret, counter: 1 });
    }
  }
  const codes = new Map<string, string>();
  const capture: SmsProvider = {
    name: "bench",
    send: async (m) => {
      codes.set(m.to, /\d{6}/.exec(m.body)?.[0] ?? "");
      return { providerMessageId: randomUUID() };
    },
  };
  Object.assign(sink, { send: capture.send });
  for (let i = 0; i < 20; i++) {
    const userId = `s-${i}`;
    const phone = `+2323012${String(i).padStart(4, "0")}`;
    const res = await fetch(`${urls.off}/v1/users/${userId}/factors`, {
      method: "POST",
      headers,
      body: JSON.stringify({ method: "sms", phone }),
    });
    const { factorId } = (await res.json()) as { factorId: string };
    await post(`${urls.off}/v1/users/${userId}/factors/${factorId}/confirm`, { code: codes.get(phone) }, 200);
    smsUsers.push(userId);
  }

  const samples: Record<string, number[]> = {};
  const add = (k: string, ms: number) => {
    samples[k] ??= [];
    samples[k].push(ms);
  };
  const hmacKey = randomBytes(32);
  for (let round = 0; round < ROUNDS; round++) {
    // request by request, the two instances alternate (and which goes first): load drift hits both
    for (let i = 0; i < PER_ROUND; i++) {
      for (const inst of (round + i) % 2 ? ["on", "off"] : ["off", "on"]) {
        const userId = `h-${inst}-${i % 20}`;
        const u = hotp.get(userId)!;
        const code = hotpCode(u.secret, P, u.counter++);
        const ms = await timed(() =>
          post(`${urls[inst]}/v1/verify`, { userId, code, context: { ip: `198.51.100.${i % 200}` } }, 200),
        );
        if (round > 0) add(`verify HOTP, guards ${inst}`, ms);
      }
    }
    for (let i = 0; i < PER_ROUND / 3; i++) {
      for (const inst of (round + i) % 2 ? ["on", "off"] : ["off", "on"]) {
        const userId = smsUsers[i % smsUsers.length]!;
        const ms = await timed(() => post(`${urls[inst]}/v1/users/${userId}/sms-challenges`, {}, 201));
        if (round > 0) add(`SMS send, guards ${inst}`, ms);
      }
    }
    for (let i = 0; i < PER_ROUND; i++) {
      const ms = await timed(() => post(`${urls.bare}/bare`, { userId: "x", code: "123456" }, 200));
      if (round > 0) add("bare fastify (HTTP floor)", ms);
      const t = performance.now();
      for (let j = 0; j < 100; j++) createHmac("sha1", hmacKey).update(Buffer.alloc(8, j)).digest();
      if (round > 0) add("raw HMAC-SHA1 (per code)", (performance.now() - t) / 100);
    }
  }
  // The guard's statements alone, next to a bare round trip (SELECT 1) on the same pool.
  const guardStore = createPostgresSmsGuardStore(db.pool);
  const now = Date.now();
  for (let i = 0; i < 1000; i++) await guardStore.recordSend(`busy-${i}`, "+23299", new Date(now - i * 500));
  for (let i = 0; i < 600; i++) {
    const at = new Date();
    const ws = new Date(at.getTime() - 15 * 60_000);
    const gs = new Date(at.getTime() - 180_000);
    add("SQL: SELECT 1 (round trip)", await timed(async () => void (await db.pool.query("SELECT 1"))));
    add(
      "SQL: guard count, 0 sends",
      await timed(async () => void (await guardStore.counts("+23288", ws, gs))),
    );
    add(
      "SQL: guard count, 1000 sends",
      await timed(async () => void (await guardStore.counts("+23299", ws, gs))),
    );
    add("SQL: guard insert", await timed(() => guardStore.recordSend(randomUUID(), "+23277", at)));
  }
  console.log(`guards bench: ${ROUNDS - 1} measured rounds, one request at a time`);
  for (const [k, xs] of Object.entries(samples))
    console.log(
      `${k.padEnd(28)} n=${String(xs.length).padStart(4)}  p50 ${fmt(pct(xs, 0.5))}  p99 ${fmt(pct(xs, 0.99))}`,
    );
  for (const what of ["verify HOTP", "SMS send"]) {
    const a = samples[`${what}, guards off`] ?? [];
    const b = samples[`${what}, guards on`] ?? [];
    console.log(
      `${what}: on/off p50 ×${(pct(b, 0.5) / pct(a, 0.5)).toFixed(2)}, p99 ×${(pct(b, 0.99) / pct(a, 0.99)).toFixed(2)}; ` +
        `on − off p50 ${((pct(b, 0.5) - pct(a, 0.5)) * 1000).toFixed(0)} µs`,
    );
  }
  await on.close();
  await off.close();
  await bare.close();
  await db.drop();
}

await main();
