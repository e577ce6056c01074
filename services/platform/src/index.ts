/** Public API of the platform package (the e2e tests read the demo's vocabulary from here). */
export { type PlatformInfo, printBanner } from "./banner";
export { DEFAULT_DATA_DIR, type DemoConfig, loadConfig, type PlatformConfig } from "./config";
export { buildPopulation, CAUSES, type Cause, EXPECTED_DIAGNOSIS, PUMPING_PREFIX } from "./demo/population";
export { type DemoResult, type DemoTarget, runDemo } from "./demo/run-demo";
export { isPlatformError, PlatformError, type PlatformErrorCode } from "./errors";
export { createLifecycle, type Lifecycle } from "./lifecycle";
export { type RunningPlatform, startPlatform } from "./platform";
