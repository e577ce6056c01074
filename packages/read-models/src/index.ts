export { assertSchemaName, DEFAULT_SCHEMA, type Queryable, type ReadDb, schemaOf, withSchema } from "./db";
export { isReadModelsError, ReadModelsError, type ReadModelsErrorCode } from "./errors";
export { createIpLocationDbResolver, type GeoResolver, nullGeoResolver } from "./geo/geo-resolver";
export { ipPrefix } from "./geo/ip";
export { loadMigrations, type Migration, migrate } from "./migrate";
export { DEFAULT_PATTERN_WINDOWS_MS } from "./projection/patterns";
export {
  type ProjectableEvent,
  type ProjectOptions,
  type ProjectResult,
  projectBatch,
} from "./projection/project-batch";
export * from "./tables";
