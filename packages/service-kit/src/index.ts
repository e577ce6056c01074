export {
  bulletList,
  databaseUrlSetting,
  type Env,
  logLevelSetting,
  parseEnv,
  sqlIdentifierSetting,
} from "./env";
export { abortOnSignals, type LifecycleLogger, logFatal, type SignalSource } from "./signals";
