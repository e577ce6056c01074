import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPgMigrateError } from "./errors";
import { type Migration, migrate } from "./migrate";

const migrations: Migration[] = [
  { version: 1, name: "things", sql: "CREATE TABLE {{schema}}.things (id int PRIMARY KEY)" },
  { version: 2, name: "thing_names", sql: "ALTER TABLE {{schema}}.things ADD COLUMN name text" },
  { version: 3, name: "seed", sql: "INSERT INTO {{schema}}.things (id, name) VALUES (1, 'one')" },
];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("pg_migrate");
});
afterAll(async () => {
  await db?.drop();
});

const recorded = async (schema: string) =>
  (
    await db.pool.query<{ version: number; name: string }>(
      `SELECT version, name FROM ${schema}.schema_migrations ORDER BY version`,
    )
  ).rows;

describe("migrate", () => {
  it("applies migrations once, even with concurrent starters", async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => migrate(db.pool, { schema: "race", migrations })),
    );
    expect(results.flat().sort()).toEqual([1, 2, 3]);
    expect(await recorded("race")).toEqual(migrations.map(({ version, name }) => ({ version, name })));
    expect((await db.pool.query("SELECT id, name FROM race.things")).rows).toEqual([{ id: 1, name: "one" }]);
    expect(await migrate(db.pool, { schema: "race", migrations })).toEqual([]);
  });

  it("keeps schemas apart: each has its own tables and its own record", async () => {
    expect(await migrate(db.pool, { schema: "tenant_a", migrations: migrations.slice(0, 1) })).toEqual([1]);
    expect(await migrate(db.pool, { schema: "tenant_b", migrations })).toEqual([1, 2, 3]);
    expect(await migrate(db.pool, { schema: "tenant_a", migrations })).toEqual([2, 3]);
    expect((await db.pool.query("SELECT count(*)::int AS n FROM tenant_a.things")).rows[0].n).toBe(1);
  });

  it("applies in version order, whatever the order given", async () => {
    const reversed = [...migrations].reverse();
    expect(await migrate(db.pool, { schema: "reordered", migrations: reversed })).toEqual([1, 2, 3]);
  });

  it("respects what an existing database recorded", async () => {
    await db.pool.query(`CREATE SCHEMA legacy;
      CREATE TABLE legacy.schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE legacy.things (id int PRIMARY KEY);
      INSERT INTO legacy.schema_migrations (version, name) VALUES (1, 'things');`);
    expect(await migrate(db.pool, { schema: "legacy", migrations })).toEqual([2, 3]);
  });

  it("rolls a failing migration back with its row, keeps the ones before, resumes after a fix", async () => {
    const broken = [
      ...migrations.slice(0, 2),
      { version: 3, name: "seed", sql: "INSERT INTO {{schema}}.nope VALUES (1)" },
    ];
    const error = await migrate(db.pool, { schema: "failing", migrations: broken }).catch((e: unknown) => e);
    expect(isPgMigrateError(error, "migration_failed")).toBe(true);
    expect(isPgMigrateError(error) && error.migration).toEqual({ version: 3, name: "seed" });
    expect(await recorded("failing")).toEqual([
      { version: 1, name: "things" },
      { version: 2, name: "thing_names" },
    ]);
    expect(await migrate(db.pool, { schema: "failing", migrations })).toEqual([3]);
  });

  it.each([
    [
      "a numeric",
      0x6d6967 as string | number,
      "SELECT pg_advisory_lock($1::bigint)",
      "SELECT pg_advisory_unlock($1::bigint)",
    ],
    [
      "a string",
      "test.lock",
      "SELECT pg_advisory_lock(hashtext($1))",
      "SELECT pg_advisory_unlock(hashtext($1))",
    ],
  ])("waits for whoever holds %s lock key", async (_, lockKey, lockSql, unlockSql) => {
    const schema = typeof lockKey === "number" ? "locked_n" : "locked_s";
    const holder = await db.pool.connect();
    try {
      await holder.query(lockSql, [lockKey]);
      let done = false;
      const run = migrate(db.pool, { schema, migrations, lockKey }).finally(() => {
        done = true;
      });
      // The runner is queued behind the holder's lock (or, if it ignored the lock, done).
      while (!done) {
        const waiting = await db.pool.query(
          "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        );
        if (waiting.rowCount) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(done).toBe(false);
      expect((await db.pool.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema])).rowCount).toBe(
        0,
      );
      await holder.query(unlockSql, [lockKey]);
      expect(await run).toEqual([1, 2, 3]);
    } finally {
      holder.release();
    }
  });

  it("refuses a schema name that is not a plain identifier, and repeated versions", async () => {
    await expect(migrate(db.pool, { schema: 'x"; DROP', migrations })).rejects.toMatchObject({
      code: "invalid_schema_name",
    });
    await expect(
      migrate(db.pool, { schema: "dup", migrations: [...migrations, migrations[0] as Migration] }),
    ).rejects.toMatchObject({ code: "invalid_migrations" });
    expect((await db.pool.query("SELECT 1 FROM pg_namespace WHERE nspname = 'dup'")).rowCount).toBe(0);
  });
});
