export { isPgMigrateError, PgMigrateError, type PgMigrateErrorCode } from "./errors";
export { assertSchemaName, type MigrateOptions, type Migration, migrate } from "./migrate";
