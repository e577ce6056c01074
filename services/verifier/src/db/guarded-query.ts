/**
 * Queries on one of the verifier's PostgreSQL tables: a failure of the database becomes the
 * VerifierError("unavailable") the caller names, so the HTTP edge answers 503 without the cause.
 */
import type pg from "pg";
import { VerifierError } from "../errors";

export type GuardedQuery = <R extends pg.QueryResultRow>(
  text: string,
  values?: unknown[],
) => Promise<pg.QueryResult<R>>;

export function guardedQuery(pool: pg.Pool, unavailable: string): GuardedQuery {
  return async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    try {
      return await pool.query<R>(text, values);
    } catch (cause) {
      throw new VerifierError("unavailable", unavailable, { cause });
    }
  };
}
