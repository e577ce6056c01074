/** Baselines on the same server: a similar table without the event store's logic. */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { sampleEvent } from "./workload";

export async function createBaselineTable(pool: pg.Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE baseline_events (
      position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      stream_id text NOT NULL, revision bigint NOT NULL, event_id uuid NOT NULL UNIQUE,
      type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (stream_id, revision))`);
}

const row = (stream: string, revision: number, i: number) => {
  const e = sampleEvent(i);
  return [stream, revision, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)];
};

/** One plain single-row INSERT (autocommit): the floor cost of a durable single-event write. */
export function insertOne(pool: pg.Pool, stream: string, revision: number): Promise<unknown> {
  return pool.query({
    name: "baseline_insert_one",
    text: `INSERT INTO baseline_events (stream_id, revision, event_id, type, data, metadata)
           VALUES ($1, $2, $3, $4, $5, $6)`,
    values: row(stream, revision, revision),
  });
}

/** Multi-row INSERTs of `perStatement` rows; returns rows/s. */
export async function multiRowInsert(pool: pg.Pool, total: number, perStatement: number): Promise<number> {
  const tuples = Array.from({ length: perStatement }, (_, j) => {
    const b = j * 6;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
  }).join(",");
  const text = `INSERT INTO baseline_events (stream_id, revision, event_id, type, data, metadata) VALUES ${tuples}`;
  const statements = Array.from({ length: Math.ceil(total / perStatement) }, (_, s) =>
    Array.from({ length: perStatement }, (_, j) => row(`multi-${s}`, j, s * perStatement + j)).flat(),
  );
  const t0 = performance.now();
  for (const values of statements) await pool.query({ name: `baseline_multi_${perStatement}`, text, values });
  return total / ((performance.now() - t0) / 1000);
}

const csv = (v: unknown) => `"${String(v).replaceAll('"', '""')}"`;

/** COPY FROM STDIN of `total` rows (CSV); returns rows/s. */
export async function copyRows(pool: pg.Pool, total: number): Promise<number> {
  const chunks: string[] = [];
  for (let i = 0; i < total; i += 1000) {
    let chunk = "";
    for (let j = i; j < Math.min(total, i + 1000); j++) {
      chunk += `${row(`copy-${Math.floor(j / 1000)}`, j % 1000, j)
        .map(csv)
        .join(",")}\n`;
    }
    chunks.push(chunk);
  }
  const client = await pool.connect();
  const t0 = performance.now();
  try {
    const sink = client.query(
      copyFrom(
        "COPY baseline_events (stream_id, revision, event_id, type, data, metadata) FROM STDIN (FORMAT csv)",
      ),
    );
    await pipeline(Readable.from(chunks), sink);
  } finally {
    client.release();
  }
  return total / ((performance.now() - t0) / 1000);
}

/** Plain paged SELECT over the baseline table ordered by position; returns rows/s. */
export async function plainRead(pool: pg.Pool, pageSize: number): Promise<{ rows: number; perSec: number }> {
  const t0 = performance.now();
  let from = "0";
  let rows = 0;
  for (;;) {
    const res = await pool.query<{ position: string }>({
      name: "baseline_read",
      text: `SELECT position, stream_id, revision, event_id, type, data, metadata, recorded_at
               FROM baseline_events WHERE position > $1 ORDER BY position LIMIT $2`,
      values: [from, pageSize],
    });
    rows += res.rows.length;
    if (res.rows.length < pageSize) break;
    from = res.rows[res.rows.length - 1]!.position;
  }
  return { rows, perSec: rows / ((performance.now() - t0) / 1000) };
}
