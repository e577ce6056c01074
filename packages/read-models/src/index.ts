export { assertSchemaName, DEFAULT_SCHEMA, type Queryable, type ReadDb, schemaOf, withSchema } from "./db";
export { isReadModelsError, ReadModelsError, type ReadModelsErrorCode } from "./errors";
export {
  attemptKeysOf,
  evolveAttempt,
  evolveFactorStatus,
  evolveUserStatus,
  type FoldContext,
  isLockedNow,
} from "./fold";
export { createIpLocationDbResolver, type GeoResolver, nullGeoResolver } from "./geo/geo-resolver";
export { ipPrefix } from "./geo/ip";
export { loadMigrations, type Migration, migrate } from "./migrate";
export {
  type ProjectableEvent,
  type ProjectOptions,
  type ProjectResult,
  parseAhead,
  projectBatch,
} from "./projection/project-batch";
export { StateCache } from "./projection/state-cache";
export {
  type AuditEntry,
  type AuditLogOptions,
  getAuditLog,
  getSupportHistory,
} from "./queries/audit";
export { loadProjectionCheckpoint } from "./queries/checkpoint";
export {
  type Camelize,
  type Connection,
  DEFAULT_PAGE,
  decodeCursor,
  encodeCursor,
  MAX_PAGE,
  type PageInfo,
} from "./queries/common";
export {
  type DisabledAfterNewLocation,
  disabledAfterNewCountryLogin,
} from "./queries/disabled-after-login";
export {
  FAILURE_DIMENSIONS,
  type FailureDimension,
  type FailureFilters,
  type FailureGroup,
  type FraudPage,
  failuresGrouped,
  type IpFailingForManyUsers,
  ipsFailingForManyUsers,
  type TimeRange,
} from "./queries/fraud";
export { FAILURE_REASONS, PATTERN_VALUES, UNDIAGNOSED } from "./queries/fraud-args";
export { liveAttempts } from "./queries/live-attempts";
export { DEFAULT_PATTERN_WINDOWS_MS, type FactorPatterns, getUserPatterns } from "./queries/patterns";
export {
  parseIpOrNetwork,
  searchUsersByIdPrefix,
  searchUsersByIp,
  type UserSearchHit,
} from "./queries/search";
export { type SharedFailureSources, sharedFailureSources } from "./queries/shared-failures";
export { type SmsPumpingCandidate, smsPumpingCandidates } from "./queries/sms-pumping";
export {
  type AttemptView,
  type DisableRefusal,
  getAttempt,
  getUserTimeline,
  refusalOf,
  type TimelineOptions,
  toAttemptView,
} from "./queries/timeline";
export {
  type FactorView,
  getRecentSmsDeliveries,
  getUserAccount,
  getUserFactors,
  getUserStatus,
  type LockoutView,
  type SmsDeliveryView,
  type UserAccountView,
  type UserStatusView,
} from "./queries/user";
export * from "./tables";
