/** Public API of the verifier service (used by the platform service and the e2e tests). */
export type { CallContext, VerifierApp, VerifyOutcome } from "./app/types";
export { type ApiKeyEntry, ConfigError, loadConfig, type Scope, type VerifierConfig } from "./config";
export { migrateVerifierSchema } from "./db/migrations";
export { createPostgresVerifierRepo, type VerifierRepo } from "./db/verifier-repo";
export { VerifierError, type VerifierErrorCode } from "./errors";
export { createMetrics } from "./http/metrics";
export { buildOpenApiDocument } from "./http/openapi";
export { type Clock, createServer, type ServerDeps } from "./http/server";
export { createLogger } from "./logger";
export { createConsoleSmsProvider } from "./sms/console-provider";
export { createHttpSmsProvider } from "./sms/http-provider";
export type { SmsMessage, SmsProvider } from "./sms/provider";
export { createKeyring } from "./vault/envelope";
export type { SecretVault } from "./vault/port";
export { createPostgresVault } from "./vault/postgres-vault";
export { type WiredVerifier, wireVerifier } from "./wire";
