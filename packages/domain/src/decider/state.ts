import type { FactorMethod, HotpParams, HotpPolicy, TotpParams, TotpPolicy } from "../otp/types";

export type FactorStatus = "pending" | "active" | "abandoned" | "disabled";

/**
 * The status each lifecycle event leaves a factor in: the one rule the decider's fold and the
 * read models' factor_status fold both apply. Every other event leaves the status as it is.
 */
export const FACTOR_STATUS_AFTER = {
  FactorEnrollmentStarted: "pending",
  FactorEnrollmentConfirmed: "active",
  FactorEnrollmentAbandoned: "abandoned",
  FactorDisabled: "disabled",
  FactorReset: "pending",
} as const satisfies Record<string, FactorStatus>;

/** Disabled, or abandoned before confirmation: no code is checked against it, nothing revives it. */
export const isRetired = (status: FactorStatus): boolean => status === "disabled" || status === "abandoned";

export interface FactorState {
  factorId: string;
  method: FactorMethod;
  status: FactorStatus;
  /** TOTP only. */
  totpParams: TotpParams | null;
  /** HOTP only. */
  hotpParams: HotpParams | null;
  secretFingerprint: string | null;
  /** SMS only. */
  maskedPhone: string | null;
  country: string | null;
  /** Learned device drift in whole steps (TOTP). */
  driftSteps: number;
  /** Highest TOTP step accepted (replay protection); kept across resets. */
  lastAcceptedStep: number | null;
  /** Offset of the previous success since the drift last changed (drift learning). */
  lastSuccessOffset: number | null;
  /** Next HOTP counter the server expects. */
  hotpCounter: number;
  enrolledAt: string;
  confirmedAt: string | null;
  disabledAt: string | null;
  enrollmentFailures: number;
  /** Times (epoch ms) of this factor's counted failures, oldest first; the last GUESS_HISTORY_KEPT. */
  recentFailures: readonly number[];
  /** The factor's rolling guess budget is spent: refused until a recovery code or a support unlock. */
  budgetExhausted: boolean;
  /** The last challenge this factor passed: a retry of it is answered, a resubmission is not counted. */
  lastPass: LastPass | null;
}

export interface LastPass {
  attemptId: string;
  at: string;
  step: number | null;
  counter: number | null;
  challengeId: string | null;
}

/** Failure times kept per factor: the largest rolling budget a policy may set. */
export const GUESS_HISTORY_KEPT = 500;

export interface SmsChallengeState {
  challengeId: string;
  factorId: string;
  attemptId: string;
  sentAt: string;
  expiresAt: string;
  delivery: "sent" | "delivered" | "failed";
  /** When the delivery receipt was recorded: tells a late delivery from a late entry. */
  deliveredAt?: string;
  consumed: boolean;
}

export interface LockoutState {
  consecutiveFailures: number;
  lockedUntil: string | null;
  /** Timed lockouts in a row: drives the growing backoff; a success steps it down by one, an unlock clears it. */
  lockoutCount: number;
  /** Counted failures since the last success or unlock (all methods): capped by maxFailuresWithoutSuccess. */
  failuresSinceSuccess: number;
  /** The account's guessing budget is spent: every method refused until an audited unlock. */
  exhausted: boolean;
}

export interface RecoveryCodesState {
  batchId: string | null;
  issued: number;
  used: readonly number[];
}

/** The aggregate: one user, all of their factors. Plain data, never mutated. */
export interface UserState {
  userId: string | null;
  factors: Readonly<Record<string, FactorState>>;
  lockout: LockoutState;
  recoveryCodes: RecoveryCodesState;
  lastVerifiedAt: string | null;
  /** Oldest first; only the last SMS_CHALLENGES_KEPT (older ones read as expired). */
  smsChallenges: readonly SmsChallengeState[];
}

export const SMS_CHALLENGES_KEPT = 10;

export const initialState = (): UserState => ({
  userId: null,
  factors: {},
  lockout: {
    consecutiveFailures: 0,
    lockedUntil: null,
    lockoutCount: 0,
    failuresSinceSuccess: 0,
    exhausted: false,
  },
  recoveryCodes: { batchId: null, issued: 0, used: [] },
  lastVerifiedAt: null,
  smsChallenges: [],
});

// ---- queries the verifier uses before computing a check ----

export const isLockedOut = (state: UserState, now: Date): boolean => isLockoutInForce(state.lockout, now);

/**
 * The lockout rule on its two facts: a spent account guessing budget (no end, an audited unlock
 * ends it) or a timed lockout still running. The read models store the two facts and ask this.
 */
export const isLockoutInForce = (
  lockout: { exhausted: boolean; lockedUntil: string | null },
  now: Date,
): boolean => lockout.exhausted || isLockRunning(lockout.lockedUntil, now);

/** A lockout runs until its `until` and ends by itself then (read models apply the same rule). */
export const isLockRunning = (lockedUntil: string | null, now: Date): boolean =>
  lockedUntil !== null && now.getTime() < Date.parse(lockedUntil);

/** True when this factor's last pass was the given attempt (a retry gets the original answer). */
export const passedAttempt = (state: UserState, factorId: string, attemptId: string): boolean =>
  findFactor(state, factorId)?.lastPass?.attemptId === attemptId;

export const activeFactors = (state: UserState): FactorState[] =>
  Object.values(state.factors).filter((f) => f.status === "active");

export const findFactor = (state: UserState, factorId: string): FactorState | undefined =>
  Object.hasOwn(state.factors, factorId) ? state.factors[factorId] : undefined;

/** The TOTP policy for the engine, from the factor's learned drift and last accepted step. */
export const totpPolicyFor = (factor: FactorState, window = 1): TotpPolicy => ({
  window,
  driftSteps: factor.driftSteps,
  lastAcceptedStep: factor.lastAcceptedStep,
});

/** The HOTP policy for the engine, from the factor's counter. */
export const hotpPolicyFor = (factor: FactorState, lookAhead = 10): HotpPolicy => ({
  counter: factor.hotpCounter,
  lookAhead,
});

export const remainingRecoveryCodes = (state: UserState): number =>
  state.recoveryCodes.issued - state.recoveryCodes.used.length;
