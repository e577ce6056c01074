export type { Principal, Role } from "./auth/principal";
export { createPseudonymizer, type Pseudonymizer } from "./auth/pseudonym";
export type { SupportApiDeps, SupportContext } from "./context";
export { SupportApiError, type SupportErrorCode } from "./errors";
export { createEventStoreTimelineFeed, type TimelineFeed } from "./live/timeline-feed";
export type * from "./ports";
export { schema } from "./schema";
export { createSupportApi, DEFAULT_LIMITS, type SupportApi, type SupportApiOptions } from "./server";
