/** Public API of the support API service (the platform composes it; tests drive it). */
export { createDeciderSupportActions } from "./adapters/decider-actions";
export { createLiveAttempts } from "./adapters/live-attempts";
export { createPgReadModels } from "./adapters/read-models-pg";
export { createHttpVerifierClient, type HttpVerifierClientOptions } from "./adapters/verifier-http";
export { type MintDevTokenOptions, mintDevToken } from "./auth/dev-token";
export { type Principal, ROLES, type Role, type RoleMapping } from "./auth/principal";
export { createPseudonymizer, type Pseudonymizer } from "./auth/pseudonym";
export { trustedIssuers } from "./auth/trusted-issuers";
export {
  loadConfig,
  namesTokenIssuer,
  SUPPORT_API_DEFAULTS,
  type SupportApiConfig,
  SupportApiConfigError,
  type SupportApiDefaults,
} from "./config";
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
export {
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  type TrustedIssuer,
} from "./plugins/use-jwt-auth";
export { useOperationMetrics } from "./plugins/use-operation-metrics";
export type * from "./ports";
export { schema } from "./schema";
export { createSupportApi, DEFAULT_LIMITS, type SupportApi, type SupportApiOptions } from "./server";
export { start } from "./start";
export { type WiredSupportApi, wireSupportApi } from "./wire";
