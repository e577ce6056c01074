/**
 * Ports of the support API: what it reads (the read models), what it asks the write side to do
 * (support actions through the domain decider) and the small services it needs. Owned here;
 * adapters in src/adapters/ bind them to @factorlens/read-models, the event store and the domain.
 */
import type { DIAGNOSIS_CONFIDENCES, MismatchPattern, SupportLookupFailure } from "@factorlens/domain";
import type {
  Connection,
  FailureDimension,
  FailureFilters,
  FailureGroup,
  getAttempt,
  getAuditLog,
  getRecentSmsDeliveries,
  getSupportHistory,
  getUserAccount,
  getUserTimeline,
  IpFailingForManyUsers,
  ReadDb,
  SmsPumpingCandidate,
  searchUsersByIdPrefix,
  searchUsersByIp,
} from "@factorlens/read-models";

/** A read-model query with its database handle bound: the port speaks the read models' own views. */
type Bound<F> = F extends (db: ReadDb, ...args: infer A) => infer R ? (...args: A) => R : never;

export type DiagnosisConfidence = (typeof DIAGNOSIS_CONFIDENCES)[number];

/** The pattern function's verdict for one factor over one window (already in plain language). */
export interface PatternRow {
  factorId: string;
  windowMs: number;
  asOf: Date;
  /** Completed attempts (passes and failures) in the window. */
  attempts: number;
  failures: number;
  dominantPattern: MismatchPattern | null;
  confidence: DiagnosisConfidence;
  skewMedianSeconds: number | null;
  summary: string;
  suggestedSteps: string[];
}

/** The fraud lists as the read models answer them (the port is typed by the query functions). */
export type FailureGrouping = FailureDimension;
export type FailureGroupRow = FailureGroup;
export type IpFailingRow = IpFailingForManyUsers;
export type SmsPumpingRow = SmsPumpingCandidate;
export interface DisabledAfterNewCountryRow {
  userId: string;
  factorId: string | null;
  loginAt: Date;
  loginCountry: string | null;
  loginAsn: number | null;
  disabledAt: Date;
  secondsAfterLogin: number;
}
/** An exact range [from, to) and a forward page (`first` 1..MAX_PAGE after the previous page's cursor). */
export interface FraudWindow {
  from: Date;
  to: Date;
  first: number;
  after?: string | null;
}

/** A user's failing IPs and networks against other accounts' failures (fraud read models). */
export interface SharedFailureSourcesRow {
  userIps: number;
  sharedIps: number;
  otherAccountsByIp: number;
  otherAccountsByNetwork: number;
}

export interface ReadModels {
  /** Factors, lockout (as of the API's clock) and recovery codes; null when no event of this user was projected. */
  getUserFactors: (userId: string) => ReturnType<Bound<typeof getUserAccount>>;
  /** The user's attempts newest first (the read models' page rule and cursors). */
  getUserTimeline: Bound<typeof getUserTimeline>;
  getAttempt: Bound<typeof getAttempt>;
  getUserPatterns(userId: string, windowMs: number): Promise<PatternRow[]>;
  /** Over the window ending now: do the IPs/networks this user failed from fail for others too? */
  getSharedFailureSources(userId: string, windowMs: number): Promise<SharedFailureSourcesRow>;
  getRecentSmsDeliveries: Bound<typeof getRecentSmsDeliveries>;
  /** Support lookups, actions and changes, newest first (the read models' audit pages). */
  getSupportHistory: Bound<typeof getSupportHistory>;
  getAuditLog: Bound<typeof getAuditLog>;
  /** Fraud lists: an out-of-range argument fails with INVALID_INPUT naming it. */
  failuresGrouped(
    q: FraudWindow & { by: FailureGrouping; filters: FailureFilters },
  ): Promise<Connection<FailureGroupRow>>;
  ipsFailingForManyUsers(
    q: FraudWindow & { minUsers: number; filters: FailureFilters },
  ): Promise<Connection<IpFailingRow>>;
  smsPumpingCandidates(
    q: FraudWindow & { minSends: number; maxConversion: number },
  ): Promise<Connection<SmsPumpingRow>>;
  disabledAfterNewCountryLogin(q: FraudWindow): Promise<Connection<DisabledAfterNewCountryRow>>;
  /** The read models' search pages (the page rule, cursors and refusals are theirs). */
  searchUsersByIdPrefix: Bound<typeof searchUsersByIdPrefix>;
  searchUsersByIp: Bound<typeof searchUsersByIp>;
}

/** Who did it, for which ticket: carried by every support event. */
export interface SupportActor {
  agentId: string;
  ticket: string;
}

/** `eventIds` is empty when the decider found nothing to change (e.g. unlocking an unlocked user). */
export type SupportActionResult =
  | { ok: true; eventIds: string[]; revision: number }
  | { ok: false; code: "NOT_FOUND" | "CONFLICT" | "INVALID_INPUT" | "FORBIDDEN"; message: string };

/**
 * The write side: each action loads the user's stream, decides, appends with the expected revision.
 * `recordLookup` is an unconditional fact for a user the caller has seen in the read models: it is
 * appended without replaying the stream.
 */
export interface SupportActions {
  /** `failure`: a miss or a refusal, recorded as SupportLookupFailed (user need not exist). */
  recordLookup(
    actor: SupportActor,
    userId: string,
    fields: string[],
    failure?: SupportLookupFailure,
  ): Promise<void>;
  /** A free-text note on the ticket (SupportActionTaken { action: "note" }). */
  addTicketNote(actor: SupportActor, userId: string, input: { note: string }): Promise<SupportActionResult>;
  unlockUser(
    actor: SupportActor,
    userId: string,
    input: { reason: string; note?: string },
  ): Promise<SupportActionResult>;
  resetDrift(
    actor: SupportActor,
    userId: string,
    input: { factorId: string; note?: string },
  ): Promise<SupportActionResult>;
  resetFactor(
    actor: SupportActor,
    userId: string,
    input: { factorId: string; reason: string; note?: string },
  ): Promise<SupportActionResult>;
  /** Lifts the SMS guard's block of a prefix (SmsBlockLifted on the prefix's stream); needs a lead. */
  liftSmsBlock(
    actor: SupportActor,
    input: { numberPrefix: string; reason: string },
  ): Promise<SupportActionResult>;
  /** Disables a factor (FactorDisabled by support); needs a lead. */
  disableFactor(
    actor: SupportActor,
    userId: string,
    input: { factorId: string; reason: string; note?: string },
  ): Promise<SupportActionResult>;
}

export type VerifierResyncResult = { ok: true } | Extract<SupportActionResult, { ok: false }>;

/**
 * The verifier holds the secrets; the support API only forwards the two codes to it (the verifier
 * appends HotpResynced); who did it under which ticket is recorded by the support API itself.
 */
export interface VerifierClient {
  resyncHotp(input: {
    userId: string;
    factorId: string;
    code1: string;
    code2: string;
  }): Promise<VerifierResyncResult>;
}

/** The support API's clock: the time as a Date (the verifier's Clock gives epoch milliseconds). */
export interface DateClock {
  now(): Date;
}
