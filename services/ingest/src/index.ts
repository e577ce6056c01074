/** Public API of the ingest service (the platform composes it; tests drive it). */
export { type IngestConfig, loadConfig } from "./config";
export * from "./ingest";
export { type StartIngestOptions, startIngest } from "./start";
