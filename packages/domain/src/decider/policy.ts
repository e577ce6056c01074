/** The rules' numbers. Every field has a default; deps may override any of them. */
export interface DeciderPolicy {
  /** Consecutive counted failures (wrong or replayed code) that trigger a lockout. */
  maxConsecutiveFailures: number;
  /** Lockout durations in minutes for the 1st, 2nd, … lockout since the last success/unlock; the last repeats. */
  lockoutBackoffMinutes: readonly number[];
  /** Counted failures without a success (all methods) after which only an audited unlock helps (NIST SP 800-63B: ≤ 100). */
  maxFailuresWithoutSuccess: number;
  /** Counted failures per factor within `factorBudgetDays` after which the factor needs a recovery code or an unlock. */
  factorGuessBudget: number;
  factorBudgetDays: number;
  /** A resubmission of the code a factor just accepted is answered without counting for this long. */
  retryGraceSeconds: number;
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
  maxFailuresWithoutSuccess: 100,
  factorGuessBudget: 100,
  factorBudgetDays: 30,
  retryGraceSeconds: 300,
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
