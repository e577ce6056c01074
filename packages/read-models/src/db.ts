import type pg from "pg";
import { ReadModelsError } from "./errors";

/** Anything that runs a parameterised query: a pg Pool, PoolClient or Client. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/**
 * The handle every read query takes first. A bare pool reads the default schema; `withSchema`
 * points the same pool at another one (a rebuild target, a test schema).
 */
export type ReadDb = Queryable & { readonly readModelsSchema?: string };

export const DEFAULT_SCHEMA = "read_models";

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Validates a schema name; it is then safe to splice as a quoted identifier. */
export const assertSchemaName = (schema: string): string => {
  if (!SCHEMA_NAME.test(schema)) {
    throw new ReadModelsError("invalid_schema_name", `schema name must match ${SCHEMA_NAME.source}`);
  }
  return schema;
};

export const withSchema = (db: Queryable, schema: string): ReadDb => {
  assertSchemaName(schema);
  return { readModelsSchema: schema, query: (text, values) => db.query(text, values) } as ReadDb;
};

/** `"schema"` quoted, for splicing into SQL text (names are validated, never from user input). */
export const schemaOf = (db: ReadDb | string): string => {
  const name = typeof db === "string" ? db : (db.readModelsSchema ?? DEFAULT_SCHEMA);
  return `"${assertSchemaName(name)}"`;
};
