/**
 * Ports of the support API: what it reads (the read models), what it asks the write side to do
 * (support actions through the domain decider) and the small services it needs. Owned here;
 * adapters in src/adapters/ bind them to @factorlens/read-models, the event store and the domain.
 */
import type { MismatchPattern } from "@factorlens/domain";

export type FactorMethod = "totp" | "hotp" | "sms" | "recovery_code";
export type FactorStatus = "pending" | "active" | "disabled";
export type AttemptOutcome = "succeeded" | "failed" | "locked_out";

export interface FactorRow {
  factorId: string;
  method: FactorMethod;
  status: FactorStatus;
  enrolledAt: Date | null;
  confirmedAt: Date | null;
  disabledAt: Date | null;
  lastSuccessAt: Date | null;
  /** Learned clock drift in time steps (TOTP) and how sure we are of it (0..1). */
  driftSteps: number | null;
  driftConfidence: number | null;
}

export interface LockoutRow {
  locked: boolean;
  lockedUntil: Date | null;
  consecutiveFailures: number;
}

export interface UserFactorsRow {
  userId: string;
  factors: FactorRow[];
  lockout: LockoutRow;
}

export interface AttemptRow {
  attemptId: string;
  userId: string;
  factorId: string | null;
  method: FactorMethod;
  outcome: AttemptOutcome;
  reason: string | null;
  pattern: MismatchPattern | null;
  /** Likelihood that the pattern explains the failure rather than coincidence (0..1). */
  confidence: number | null;
  detail: string | null;
  at: Date;
  ip: string | null;
  country: string | null;
  asn: number | null;
  userAgent: string | null;
  smsDeliveryState: string | null;
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

export interface PatternRow {
  factorId: string | null;
  pattern: MismatchPattern;
  count: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  evidenceAttemptIds: string[];
}

export interface SmsDeliveryRow {
  messageId: string;
  attemptId: string | null;
  /** As stored by the read model; the API masks it again before it leaves. */
  phone: string;
  country: string | null;
  status: string;
  sentAt: Date;
  updatedAt: Date;
  errorCode: string | null;
}

export interface SupportRecordRow {
  id: string;
  at: Date;
  actor: string;
  ticket: string;
  userId: string;
  kind: "lookup" | "action" | "note";
  action: string | null;
  fields: string[];
  note: string | null;
}

export type FailureGrouping = "ip" | "prefix" | "asn" | "country" | "reason" | "method" | "bucket";
export interface FraudWindow {
  from: Date;
  to: Date;
  limit: number;
}
export interface FailureGroupRow {
  key: string;
  failures: number;
  distinctUsers: number;
  firstAt: Date;
  lastAt: Date;
}
export interface IpFailingRow {
  ip: string;
  distinctUsers: number;
  failures: number;
  country: string | null;
  asn: number | null;
}
export interface SmsPumpingRow {
  country: string;
  prefix: string;
  sends: number;
  verifications: number;
  conversion: number;
}
export interface DisabledAfterNewCountryRow {
  userId: string;
  loginAt: Date;
  country: string;
  disabledAt: Date;
  method: FactorMethod;
}

export interface ReadModels {
  getUserFactors(userId: string): Promise<UserFactorsRow | null>;
  getUserTimeline(
    userId: string,
    page: { first: number; after?: string } & TimelineFilter,
  ): Promise<TimelinePage>;
  getAttempt(attemptId: string): Promise<AttemptRow | null>;
  getUserPatterns(userId: string, windowMs: number): Promise<PatternRow[]>;
  getRecentSmsDeliveries(userId: string, limit: number): Promise<SmsDeliveryRow[]>;
  getSupportHistory(userId: string, limit: number): Promise<SupportRecordRow[]>;
  getAuditLog(q: {
    from: Date;
    to: Date;
    actor?: string;
    userId?: string;
    limit: number;
  }): Promise<SupportRecordRow[]>;
  failuresGrouped(
    q: FraudWindow & { by: FailureGrouping; method?: FactorMethod; country?: string; reason?: string },
  ): Promise<FailureGroupRow[]>;
  ipsFailingForManyUsers(q: FraudWindow & { minUsers: number }): Promise<IpFailingRow[]>;
  smsPumpingCandidates(
    q: FraudWindow & { minSends: number; maxConversion: number },
  ): Promise<SmsPumpingRow[]>;
  disabledAfterNewCountryLogin(q: FraudWindow & { withinMs: number }): Promise<DisabledAfterNewCountryRow[]>;
}

/** Who did it, for which ticket: carried by every support event. */
export interface SupportActor {
  agentId: string;
  ticket: string;
}

export type SupportActionResult =
  | { ok: true; eventId: string; revision: number }
  | { ok: false; code: "NOT_FOUND" | "CONFLICT" | "INVALID_INPUT"; message: string };

/** The write side: each call loads the user's stream, decides, appends with the expected revision. */
export interface SupportActions {
  recordLookup(actor: SupportActor, userId: string, fields: string[]): Promise<void>;
  unlockUser(actor: SupportActor, userId: string, reason: string): Promise<SupportActionResult>;
  resetDrift(actor: SupportActor, userId: string, factorId: string): Promise<SupportActionResult>;
  resetFactor(
    actor: SupportActor,
    userId: string,
    factorId: string,
    reason: string,
  ): Promise<SupportActionResult>;
  addTicketNote(actor: SupportActor, userId: string, note: string): Promise<SupportActionResult>;
}

/** The verifier holds the secrets; the support API only forwards the two codes to it. */
export interface VerifierClient {
  resyncHotp(
    actor: SupportActor,
    input: { userId: string; factorId: string; code1: string; code2: string },
  ): Promise<SupportActionResult>;
}

/** Explains the user's recent patterns in plain language (the domain's summarizePatterns). */
export interface Diagnoser {
  diagnose(patterns: PatternRow[]): {
    pattern: MismatchPattern;
    confidence: number;
    summary: string;
    suggestedSteps: string[];
    evidenceAttemptIds: string[];
  } | null;
}

export interface Clock {
  now(): Date;
}
