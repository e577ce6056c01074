import type { Queryable } from "../db";
import { type Camelize, type Connection, camelize, decodeCursor, pageSize, toConnection } from "./common";

/** Where the previous page ended (both null on the first page): the timestamp and its tie-breaker. */
export interface KeysetAfter {
  at: string | null;
  key: string | null;
}

/**
 * One page of a newest-first keyset query: checks `first`, decodes `after`, runs the query that
 * `sql` builds for `fetch` rows (one more than the page, to know whether another follows) and
 * returns the rows, selected as `to_jsonb(t) AS r`, as a connection of camelCase nodes.
 */
export async function keysetPage<R extends object>(
  db: Queryable,
  page: { first?: number | null; after?: string | null },
  sql: (after: KeysetAfter, fetch: number) => { text: string; values: unknown[] },
  cursorOf: (row: R) => string,
): Promise<Connection<Camelize<R>>> {
  const limit = pageSize(page.first);
  const [at, key] = page.after ? decodeCursor(page.after) : [null, null];
  const { text, values } = sql({ at, key: key === null ? null : String(key) }, limit + 1);
  const res = await db.query<{ r: R }>(text, values);
  return toConnection(
    res.rows.map((x) => x.r),
    limit,
    camelize,
    cursorOf,
  );
}
