/** The one error type of the pg-migrate package, with a closed union of codes. */
export type PgMigrateErrorCode =
  | "invalid_schema_name" // not a plain lower-case identifier
  | "invalid_migrations" // a version that is not a positive integer, or used twice
  | "migration_failed"; // a migration's SQL (or its bookkeeping row) failed; rolled back

export class PgMigrateError extends Error {
  override name = "PgMigrateError";
  /** The failed migration, for `migration_failed`. */
  readonly migration: { version: number; name: string } | undefined;
  constructor(
    readonly code: PgMigrateErrorCode,
    message: string,
    options: { cause?: unknown; migration?: { version: number; name: string } } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.migration = options.migration;
  }
}

export const isPgMigrateError = (e: unknown, code?: PgMigrateErrorCode): e is PgMigrateError =>
  e instanceof PgMigrateError && (code === undefined || e.code === code);
