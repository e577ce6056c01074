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
  IpFailingForManyUsers,
  ReadDb,
  SmsPumpingCandidate,
  searchUsersByIdPrefix,
  searchUsersByIp,
} from "@factorlens/read-models";

/** A read-model query with its database handle bound: the port speaks the read models' own views. */
type Bound<F> = F extends (db: ReadDb, ...args: infer A) => infer R ? (...args: A) => R : never;

export type DiagnosisConfidence = (typeof DIAGNOSIS_CONFIDENCES)[number];

export type FactorMethod = "totp" | "hotp" | "sms" | "recovery";
export type FactorStatus = "pending" | "active" | "abandoned" | "disabled";
export type AttemptOutcome = "pending" | "passed" | "failed" | "expired" | "refused";

export interface FactorRow {
  factorId: string;
  method: FactorMethod;
  status: FactorStatus;
  enrolledAt: Date | null;
  confirmedAt: Date | null;
  disabledAt: Date | null;
  lastSuccessAt: Date | null;
  consecutiveFailures: number;
  /** Learned clock drift in time steps (TOTP) and how many successes confirmed it. */
  driftSteps: number | null;
  driftConfirmations: number;
  maskedPhone: string | null;
}

export interface LockoutRow {
  /** Whether the lockout runs at the time of the read (it ends by itself at `lockedUntil`). */
  locked: boolean;
  lockedAt: Date | null;
  lockedUntil: Date | null;
  reason: string | null;
  /** Consecutive failures that caused the last lockout, when known. */
  failures: number | null;
}

export interface UserFactorsRow {
  userId: string;
  factors: FactorRow[];
  lockout: LockoutRow;
  /** Unused recovery codes of the current batch (0 when none were issued). */
  recoveryCodesLeft: number;
}

export interface AttemptRow {
  attemptId: string;
  userId: string;
  factorId: string | null;
  method: FactorMethod | null;
  outcome: AttemptOutcome;
  reason: string | null;
  pattern: MismatchPattern | null;
  /** How sure the diagnosis is that the pattern explains the failure. */
  confidence: DiagnosisConfidence | null;
  /** Probability that a random code would have matched the pattern by chance. */
  coincidenceProbability: number | null;
  at: Date;
  completedAt: Date | null;
  ip: string | null;
  country: string | null;
  asn: number | null;
  userAgent: string | null;
  smsState: string | null;
  /** A refused disable (outcome `refused`): the policy's window and the user's last verification. */
  refusal?: { freshVerificationMinutes: number; lastVerifiedAt?: string };
}

export interface TimelineFilter {
  method?: FactorMethod;
  outcome?: AttemptOutcome;
  pattern?: MismatchPattern;
  from?: Date;
  to?: Date;
}

export interface TimelinePage {
  items: { cursor: string; attempt: AttemptRow }[];
  hasNextPage: boolean;
}

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

export interface SmsDeliveryRow {
  attemptId: string;
  factorId: string | null;
  /** As stored by the read model (masked); masked again before it leaves. */
  maskedPhone: string | null;
  country: string | null;
  state: string;
  failureReason: string | null;
  sentAt: Date;
  updatedAt: Date | null;
}

export interface SupportRecordRow {
  id: string;
  at: Date;
  actor: string;
  ticket: string | null;
  userId: string;
  kind: "lookup" | "action" | "change";
  action: string | null;
  fields: string[];
  note: string | null;
  /** Lookups that returned nothing: why (SupportLookupFailed). */
  failure: string | null;
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
/** An exact range [from, to) and a forward page (`first` 1..200 after the previous page's cursor). */
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
  /** Null when no event of this user was ever projected. */
  getUserFactors(userId: string): Promise<UserFactorsRow | null>;
  getUserTimeline(
    userId: string,
    page: { first: number; after?: string } & TimelineFilter,
  ): Promise<TimelinePage>;
  getAttempt(attemptId: string): Promise<AttemptRow | null>;
  getUserPatterns(userId: string, windowMs: number): Promise<PatternRow[]>;
  /** Over the window ending now: do the IPs/networks this user failed from fail for others too? */
  getSharedFailureSources(userId: string, windowMs: number): Promise<SharedFailureSourcesRow>;
  getRecentSmsDeliveries(userId: string, limit: number): Promise<SmsDeliveryRow[]>;
  getSupportHistory(userId: string, limit: number): Promise<SupportRecordRow[]>;
  getAuditLog(q: {
    from: Date;
    to: Date;
    actor?: string;
    userId?: string;
    limit: number;
  }): Promise<SupportRecordRow[]>;
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

export interface Clock {
  now(): Date;
}
