/**
 * Every service run alone (`node --import tsx src/main.ts`, what `pnpm --filter <service> start`
 * runs) against the shared PostgreSQL (a database of its own) and Kafka (topics of its own): it
 * becomes ready (`/readyz` 200 on its port or ops port), and SIGTERM stops it with exit code 0.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createTestDatabase, createTestKafka, type TestDatabase, type TestKafka } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freePort, REPO_ROOT } from "./platform-process";

let db: TestDatabase;
let k: TestKafka;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  db = await createTestDatabase("services_alone");
  k = await createTestKafka("services-alone");
});
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await k?.cleanup();
  await db?.drop();
});

/** Each service's own settings, beyond DATABASE_URL, and the port its `/readyz` answers on. */
type Case = () => Promise<{ env: Record<string, string>; readyPort: number }>;

const opsOnly = async (env: Record<string, string>) => {
  const readyPort = await freePort();
  return { env: { ...env, OPS_PORT: String(readyPort) }, readyPort };
};

const cases: [service: string, settings: Case][] = [
  [
    "verifier",
    async () => {
      const readyPort = await freePort();
      return {
        readyPort,
        env: {
          PORT: String(readyPort),
          FACTORLENS_MASTER_KEYS: `k1:${randomBytes(32).toString("base64")}`,
          FACTORLENS_API_KEYS: `alone:verify:${randomBytes(16).toString("hex")}`,
        },
      };
    },
  ],
  ["projector", () => opsOnly({ PROJECTOR_GEO: "none" })],
  [
    "relay",
    async () =>
      opsOnly({
        KAFKA_BROKERS: k.brokers.join(","),
        RELAY_TOPIC: await k.createTopic("alone-events", 1),
        RELAY_ENSURE_TOPICS: "false",
      }),
  ],
  [
    "ingest",
    async () =>
      opsOnly({
        KAFKA_BROKERS: k.brokers.join(","),
        INGEST_TOPIC: await k.createTopic("alone-inbound", 1),
        INGEST_DLQ_TOPIC: await k.createTopic("alone-dlq", 1),
        INGEST_GROUP_ID: k.groupId("alone-ingest"),
        INGEST_ENSURE_TOPICS: "false",
      }),
  ],
  [
    "support-api",
    async () =>
      opsOnly({
        SUPPORT_API_PORT: String(await freePort()),
        SUPPORT_JWT_ISSUER: "services-alone",
        SUPPORT_JWT_SECRET: randomBytes(32).toString("hex"),
        SUPPORT_PSEUDONYM_KEY: randomBytes(32).toString("base64"),
      }),
  ],
];

function startAlone(service: string, env: Record<string, string>) {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const key of ["KAFKA_BROKERS", "EVENTSTORE_CONNECTION_STRING", "OPS_PORT", "PORT"]) delete base[key];
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: join(REPO_ROOT, "services", service),
    env: { ...base, DATABASE_URL: db.url, LOG_LEVEL: "warn", ...env, FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  for (const s of [child.stdout, child.stderr]) s?.on("data", (c: Buffer) => (output += c.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe("each service run alone", () => {
  it.each(cases)(
    "%s becomes ready on the shared PostgreSQL/Kafka and exits 0 on SIGTERM",
    async (service, settings) => {
      const { env, readyPort } = await settings();
      const p = startAlone(service, env);
      let exitedEarly: number | null | undefined;
      void p.exited.then((code) => {
        exitedEarly = code;
      });
      await vi.waitFor(
        async () => {
          if (exitedEarly !== undefined)
            throw new Error(`${service} exited (${exitedEarly}):\n${p.output()}`);
          const res = await fetch(`http://127.0.0.1:${readyPort}/readyz`);
          expect(res.status, p.output()).toBe(200);
        },
        { timeout: 60_000, interval: 250 },
      );
      p.child.kill("SIGTERM");
      expect(await p.exited, p.output()).toBe(0);
      children.delete(p.child);
      expect(p.output()).not.toMatch(/^\s+at /m); // no stack trace on the way out
    },
    90_000,
  );
});
