/**
 * A fresh, empty PostgreSQL database per test file, dropped afterwards. Each test file is
 * isolated from the others even when vitest runs files in parallel.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { postgresAdminUrl, requirePostgres } from "./services";

export interface TestDatabase {
  /** Connection string of the fresh database. */
  url: string;
  name: string;
  /** A pool on the fresh database (closed by drop()). */
  pool: pg.Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(prefix = "t"): Promise<TestDatabase> {
  await requirePostgres();
  const name = `${prefix.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  let dropped = false;
  return {
    url: url.toString(),
    name,
    pool,
    async drop() {
      if (dropped) return;
      dropped = true;
      // pool.end() resolves before its clients' sockets have closed; DROP ... WITH (FORCE) then
      // terminates those backends, and the FATAL 57P01 they receive surfaces as a pool 'error'
      // that nobody listens to any more (an uncaught exception that fails the test file).
      pool.on("error", () => {});
      await pool.end();
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
