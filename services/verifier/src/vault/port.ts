/**
 * The secret vault: the only place TOTP/HOTP secrets live, encrypted at rest. Active secrets serve
 * the hot path (through a bounded LRU of decrypted secrets); retired ones are kept for a bounded
 * retention so the diagnosis can recognise "the app still has the old entry".
 */
export interface RetiredSecret {
  factorId: string;
  secret: Uint8Array;
  retiredAt: Date;
}

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
