/** Public API of the verifier service (used by the platform service and the e2e tests). */
export type {
  Clock,
  RateLimitExchange,
  SecretVault,
  SmsChallengeRow,
  SmsMessage,
  SmsProvider,
  VerifierRepo,
} from "./app/ports";
export type { CallContext, VerifierApp, VerifyOutcome } from "./app/types";
export { type AppDeps, createVerifierApp } from "./app/verifier-app";
export { composeVerifier, type VerifierPorts } from "./compose";
export {
  type ApiKeyEntry,
  apiKeyEntry,
  ConfigError,
  type IpThrottleConfig,
  loadConfig,
  type MasterKey,
  type Scope,
  type SmsGuardConfig,
  VERIFIER_DEFAULTS,
  type VerifierConfig,
  type VerifierDefaults,
} from "./config";
export { migrateVerifierSchema } from "./db/migrations";
export { createPostgresVerifierRepo } from "./db/verifier-repo";
export { VerifierError, type VerifierErrorCode } from "./errors";
export { createMetrics } from "./http/metrics";
export { buildOpenApiDocument } from "./http/openapi";
export { createServer, type ServerDeps } from "./http/server";
export { createLogger } from "./logger";
export { createConsoleSmsProvider } from "./sms/console-provider";
export { createHttpSmsProvider } from "./sms/http-provider";
export { start } from "./start";
export { createKeyring } from "./vault/envelope";
export { createPostgresVault } from "./vault/postgres-vault";
export { type WiredVerifier, wireVerifier } from "./wire";
