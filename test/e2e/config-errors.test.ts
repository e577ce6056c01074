/**
 * Every service run alone (`pnpm --filter <service> start`) refuses a bad configuration the same
 * way: one line per bad setting on stderr, a non-zero exit, no stack trace.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./platform-process";

const run = (service: string, env: Record<string, string>) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const base: Record<string, string | undefined> = { ...process.env };
    for (const k of ["DATABASE_URL", "KAFKA_BROKERS", "EVENTSTORE_CONNECTION_STRING"]) delete base[k];
    const child = spawn("pnpm", ["exec", "tsx", "src/main.ts"], {
      cwd: join(REPO_ROOT, "services", service),
      env: { ...base, ...env, FORCE_COLOR: "0" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });

const cases: [service: string, env: Record<string, string>, settings: string[]][] = [
  ["verifier", { DATABASE_URL: "not a url", PORT: "port" }, ["DATABASE_URL", "PORT"]],
  ["projector", { DATABASE_URL: "mysql://x", PROJECTOR_MODE: "ftp" }, ["DATABASE_URL", "PROJECTOR_MODE"]],
  ["relay", { DATABASE_URL: "mysql://x", RELAY_BATCH_SIZE: "0" }, ["DATABASE_URL", "RELAY_BATCH_SIZE"]],
  ["ingest", { DATABASE_URL: "mysql://x", INGEST_BATCH_SIZE: "many" }, ["DATABASE_URL", "INGEST_BATCH_SIZE"]],
  ["support-api", { DATABASE_URL: "mysql://x" }, ["DATABASE_URL"]],
];

describe("a service run alone with a bad configuration", () => {
  it.each(cases)(
    "%s prints one line per bad setting and exits non-zero, no stack trace",
    async (service, env, settings) => {
      const { code, stderr } = await run(service, env);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      for (const s of settings) expect(stderr.split("\n").filter((l) => l.includes(s)).length, s).toBe(1);
      expect(stderr).not.toMatch(/^\s+at /m);
    },
  );
});
