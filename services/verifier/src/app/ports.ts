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

/** The counters the application moves (http/metrics.ts implements them on Prometheus). */
export interface AppMetrics {
  storeConflicts: { inc(): void };
  diagnoses: { inc(labels: { pattern: string }): void };
}
