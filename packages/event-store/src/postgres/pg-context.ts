import type pg from "pg";

/** Shared by the store's parts: the schema, the bounded call, a named (prepared) query. */
export interface PgContext {
  /** The schema, quoted for SQL. */
  schema: string;
  call<T>(what: string, run: () => Promise<T>): Promise<T>;
  q<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<pg.QueryResult<R>>;
}
