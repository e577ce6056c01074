/**
 * The ports the application service uses, owned here; the adapters implement them (db/, vault/,
 * sms/, and http/metrics.ts for the counters). Nothing in app/ imports an adapter.
 */
import type { RecoveryCodeSet } from "../recovery/recovery-codes";

export interface Clock {
  now(): number;
}

/** An SMS challenge as the verifier keeps it: the code held only as an HMAC. */
export interface SmsChallengeRow {
  challengeId: string;
  userId: string;
  factorId: string;
  codeMac: Buffer;
  issuedAt: Date;
  expiresAt: Date;
  providerMessageId: string | null;
}

/** The verifier's non-secret rows: recovery code hashes (one set per user) and SMS challenges. */
export interface VerifierRepo {
  saveRecoveryCodes(userId: string, batchId: string, set: RecoveryCodeSet, now: Date): Promise<void>;
  /** The hashes of one batch (a batch is live only once its RecoveryCodesIssued event is appended). */
  loadRecoveryCodes(userId: string, batchId: string): Promise<RecoveryCodeSet | null>;
  saveSmsChallenge(row: SmsChallengeRow): Promise<void>;
  setSmsMessageId(challengeId: string, providerMessageId: string): Promise<void>;
  /** The user's most recent SMS challenges, newest first. */
  recentSmsChallenges(userId: string, limit: number): Promise<SmsChallengeRow[]>;
  smsChallengeByMessageId(providerMessageId: string): Promise<SmsChallengeRow | null>;
  /** Deletes challenges that expired before `before` (in chunks); returns how many. */
  purgeSmsChallenges(before: Date): Promise<number>;
  ping(): Promise<void>;
}

export interface RetiredSecret {
  factorId: string;
  secret: Uint8Array;
  retiredAt: Date;
}

/**
 * The secret vault: the only place TOTP/HOTP secrets live, encrypted at rest. Active secrets serve
 * the hot path; retired ones are kept for a bounded retention so the diagnosis can recognise "the
 * app still has the old entry".
 */
export interface SecretVault {
  /** Stores the secret of a new factor (encrypted under the active key). */
  put(userId: string, factorId: string, secret: Uint8Array, now: Date): Promise<void>;
  /** The active (not retired) secret of a factor, or null. */
  get(userId: string, factorId: string): Promise<Uint8Array | null>;
  /** Marks a factor's secret retired (factor disabled, reset or rotated). Idempotent. */
  retire(userId: string, factorId: string, now: Date): Promise<void>;
  /** Deletes a factor's row outright (SMS numbers: personal data, not kept for diagnosis). */
  erase(userId: string, factorId: string): Promise<void>;
  /** Retired secrets of a user still within retention, newest first. */
  listRetired(userId: string, now: Date): Promise<RetiredSecret[]>;
  /** Re-encrypts up to `batch` rows not under the active key; returns how many were rewritten. */
  rotate(batch: number): Promise<number>;
  /** Deletes retired secrets past retention; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

/** The verifier composes the message; a provider only delivers it and answers with its message id. */
export interface SmsMessage {
  /** E.164 destination. Providers must never log it in full (use the domain's maskPhone). */
  to: string;
  body: string;
  /** Our challenge id, for providers that accept a client reference. */
  reference: string;
}

export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
}

/** Where verifier instances share rate-limit counts (verifier.rate_limit_counts; see db/). */
export interface RateLimitExchange {
  /**
   * Stores `own` (this instance's count so far in `window`, per key) and returns, for the same
   * keys, the sum of the other instances' counts in that window (keys no other one hit: absent).
   */
  exchange(window: number, own: ReadonlyMap<string, number>): Promise<Map<string, number>>;
}

/** The SMS guard's counts for one prefix, shared by every verifier instance (see db/). */
export interface SmsGuardCounts {
  sends: number;
  passed: number;
  pending: number;
  /** The block's cool-down end, when one was set and not lifted. */
  refusedUntil: Date | null;
  /** When that block started (a lift must be newer to count). */
  blockedAt: Date | null;
}

export interface SmsGuardStore {
  /** Sends since max(windowStart, the prefix's last lift); pending = not passed, sent after graceStart. */
  counts(prefix: string, windowStart: Date, graceStart: Date): Promise<SmsGuardCounts>;
  recordSend(challengeId: string, prefix: string, sentAt: Date): Promise<void>;
  /** The challenge's code was entered (a no-op for a challenge the guard did not count). */
  markPassed(challengeId: string, at: Date): Promise<void>;
  block(prefix: string, blockedAt: Date, refusedUntil: Date): Promise<void>;
  /** Ends the block: sends before `liftedAt` no longer count for the prefix. */
  lift(prefix: string, liftedAt: Date): Promise<void>;
  /** Deletes sends older than `before`; returns how many. */
  purge(before: Date): Promise<number>;
}

/** The IP throttle's shared failures: which networks failed for how many distinct users. */
export interface IpThrottleStore {
  /** Records the failures (network, user) at `at`; returns the networks' distinct users since `since`. */
  recordFailure(networks: readonly string[], userId: string, at: Date, since: Date): Promise<number[]>;
  throttle(networks: readonly string[], until: Date): Promise<void>;
  /** Every network throttled past `now`, with its end (few: read whole by each instance's sync). */
  throttled(now: Date): Promise<Map<string, Date>>;
  purge(before: Date): Promise<number>;
}

/** The counters the application moves (http/metrics.ts implements them on Prometheus). */
export interface AppMetrics {
  storeConflicts: { inc(): void };
  diagnoses: { inc(labels: { pattern: string }): void };
  /** SMS sends the guard refused, by country of the prefix (never the prefix or number). */
  smsRefusals: { inc(labels: { country: string; reason: string }): void };
  /** Attempts the IP throttle answered rate_limited. */
  ipThrottled: { inc(): void };
}
