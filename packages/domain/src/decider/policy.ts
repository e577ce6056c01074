/** The rules' numbers. Every field has a default; deps may override any of them. */
export interface DeciderPolicy {
  /** Consecutive counted failures (wrong or replayed code) that trigger a lockout. */
  maxConsecutiveFailures: number;
  /** Lockout durations in minutes for the 1st, 2nd, … lockout since the last success/unlock; the last repeats. */
  lockoutBackoffMinutes: readonly number[];
  /** How recent a successful verification must be for a user to disable/reset a factor or issue codes. */
  freshVerificationMinutes: number;
  /** Failed confirmations after which a pending enrollment is abandoned. */
  maxEnrollmentFailures: number;
  /** Drift is never learned beyond ± this many steps. */
  maxDriftSteps: number;
  /** Recovery codes per batch. */
  maxRecoveryCodes: number;
}

export const DEFAULT_DECIDER_POLICY: DeciderPolicy = {
  maxConsecutiveFailures: 5,
  lockoutBackoffMinutes: [1, 5, 15, 60, 240],
  freshVerificationMinutes: 5,
  maxEnrollmentFailures: 10,
  maxDriftSteps: 10,
  maxRecoveryCodes: 20,
};

export const resolvePolicy = (overrides: Partial<DeciderPolicy> = {}): DeciderPolicy => ({
  ...DEFAULT_DECIDER_POLICY,
  ...overrides,
});

/** Lockout duration for the n-th (1-based) lockout in a row. */
export const backoffMs = (policy: DeciderPolicy, lockoutNumber: number): number => {
  const table = policy.lockoutBackoffMinutes;
  const minutes = table[Math.min(lockoutNumber, table.length) - 1] ?? 15;
  return minutes * 60_000;
};
