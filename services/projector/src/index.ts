/** Public API of the projector service (the platform composes it; tests and benchmarks drive it). */
export { loadCheckpoint, storeCheckpoint } from "./checkpoint";
export {
  loadConfig,
  PROJECTOR_DEFAULTS,
  type ProjectorConfig,
  ProjectorConfigError,
  type ProjectorDefaults,
} from "./config";
export { type KafkaProjectorDeps, runKafkaProjector } from "./kafka-mode";
export { LAG_CAP, postgresLagProbe } from "./lag-probe";
export { type Logger, silentLogger } from "./logger";
export { createProjectorMetrics, type LagProbe, type ProjectorMetrics } from "./metrics";
export {
  createProjector,
  inTransaction,
  type ProjectionDeps,
  type Projector,
  type ProjectorDeps,
} from "./projector";
export { formatProgress, type RebuildDeps, type RebuildProgress, rebuild, swapSchemas } from "./rebuild";
export { runRebuild } from "./rebuild-command";
export { start } from "./start";
