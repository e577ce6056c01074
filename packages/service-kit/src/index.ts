export {
  booleanSetting,
  bulletList,
  databaseUrlSetting,
  type Env,
  eventStoreConfig,
  eventStoreConnectionSetting,
  eventStoreSettings,
  intSetting,
  LOG_LEVELS,
  type LogLevel,
  logLevelEnum,
  logLevelSetting,
  parseEnv,
  sqlIdentifierSetting,
} from "./env";
export { createLogger, type Logger, lineSink, REDACT_PATHS } from "./logger";
export { type KafkaLogEntry, kafkaLogCreator, type YogaLoggerLike, yogaLogger } from "./logger-adapters";
export { metricValue } from "./metric-value";
export { BATCH_SECONDS_BUCKETS, metricsRegistry } from "./metrics";
export {
  checkReady,
  DEFAULT_OPS_HOST,
  type MetricsSource,
  type OpsLogger,
  type OpsServer,
  type OpsServerOptions,
  startOpsServer,
} from "./ops-server";
export { type OpsConfig, opsConfig, opsSettings } from "./ops-settings";
export {
  allReady,
  checkWithin,
  notReady,
  READY,
  type Readiness,
  type ReadyAnswer,
  type ReadyCheck,
  toReadiness,
} from "./readiness";
export { serveUntilSignal } from "./serve";
export {
  type BuiltPart,
  baseUrl,
  type PartContext,
  type RunningService,
  runningPart,
  type SharedResources,
  type StartService,
  shareMetrics,
  startSupervisedPart,
} from "./service";
export {
  parseServiceEnv,
  type ServiceConfig,
  type ServiceDefaults,
  serviceSettings,
} from "./service-settings";
export {
  abortOnSignals,
  type LifecycleLogger,
  loadConfigOrExit,
  logFatal,
  type SignalSource,
} from "./signals";
export { type LagProbe, subscriptionGauges } from "./subscription-gauges";
export { type Supervised, type SuperviseOptions, type SupervisorLogger, supervise } from "./supervise";
export { atMostEvery } from "./throttle";
