// Composition pieces, for hosts other than main.ts (the platform service runs the API in-process).
export { attemptsFromEvents } from "./adapters/attempts-from-events";
export { createDeciderSupportActions } from "./adapters/decider-actions";
export { createPgReadModels } from "./adapters/read-models-pg";
export { createHttpVerifierClient, type HttpVerifierClientOptions } from "./adapters/verifier-http";
export type { Principal, Role } from "./auth/principal";
export { createPseudonymizer, type Pseudonymizer } from "./auth/pseudonym";
export { loadConfig, type SupportApiConfig, SupportApiConfigError } from "./config";
export type { SupportApiDeps, SupportContext } from "./context";
export { SupportApiError, type SupportErrorCode } from "./errors";
export { headPosition } from "./live/head-position";
export { createEventStoreTimelineFeed, type TimelineFeed } from "./live/timeline-feed";
export {
  createSupportApiMetrics,
  type OperationOutcome,
  type OperationType,
  type SupportApiMetrics,
} from "./metrics";
export { lineLogger, startSupportOps } from "./ops";
export { useOperationMetrics } from "./plugins/use-operation-metrics";
export type * from "./ports";
export { schema } from "./schema";
export { createSupportApi, DEFAULT_LIMITS, type SupportApi, type SupportApiOptions } from "./server";
export { type WiredSupportApi, wireSupportApi } from "./wire";
