import { CodedError, codedErrorGuard } from "@factorlens/errors";

/** The one error type of the pg-migrate package, with a closed union of codes. */
export type PgMigrateErrorCode =
  | "invalid_schema_name" // not a plain lower-case identifier
  | "invalid_migrations" // a version that is not a positive integer, or used twice
  | "migration_failed"; // a migration's SQL (or its bookkeeping row) failed; rolled back

export class PgMigrateError extends CodedError<
  PgMigrateErrorCode,
  { cause?: unknown; migration?: { version: number; name: string } }
> {
  override name = "PgMigrateError";
  /** The failed migration, for `migration_failed`. */
  get migration(): { version: number; name: string } | undefined {
    return this.details.migration;
  }
}

export const isPgMigrateError = codedErrorGuard(PgMigrateError);
