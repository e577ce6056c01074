export {
  bulletList,
  databaseUrlSetting,
  type Env,
  logLevelSetting,
  parseEnv,
  sqlIdentifierSetting,
} from "./env";
export { metricValue } from "./metric-value";
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
export { abortOnSignals, type LifecycleLogger, logFatal, type SignalSource } from "./signals";
export { type LagProbe, subscriptionGauges } from "./subscription-gauges";
export { atMostEvery } from "./throttle";
