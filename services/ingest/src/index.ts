/** Public API of the ingest service (the platform composes it; tests drive it). */
export { INGEST_DEFAULTS, type IngestConfig, type IngestDefaults, loadConfig } from "./config";
export * from "./ingest";
export { start } from "./start";
