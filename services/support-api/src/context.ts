import type { RequestLookups } from "./access/lookup-limits";
import type { Principal } from "./auth/principal";
import type { Pseudonymizer } from "./auth/pseudonym";
import type { TimelineFeed } from "./live/timeline-feed";
import type { DateClock, ReadModels, SupportActions, VerifierClient } from "./ports";

/** Everything the schema needs, injected by the composition root (or a test). */
export interface SupportApiDeps {
  readModels: ReadModels;
  actions: SupportActions;
  pseudonymize: Pseudonymizer;
  clock: DateClock;
  feed: TimelineFeed;
  /** Absent: `resyncHotp` answers UNAVAILABLE (the support API holds no secrets). */
  verifier?: VerifierClient;
}

export interface SupportContext {
  principal: Principal | null;
  deps: SupportApiDeps;
  /** The users this request has opened (one audit event each, bounded per request, rate-limited per agent). */
  lookups: RequestLookups;
}
