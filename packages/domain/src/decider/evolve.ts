import { type EventOf, type FactorlensEvent, isUntrustedInbound, LOCKOUT_COUNTED_REASONS } from "../events";
import {
  FACTOR_STATUS_AFTER,
  type FactorState,
  findFactor,
  GUESS_HISTORY_KEPT,
  SMS_CHALLENGES_KEPT,
  type SmsChallengeState,
  type UserState,
} from "./state";

const withFactor = (
  state: UserState,
  factorId: string,
  patch: (f: FactorState) => Partial<FactorState>,
): UserState => {
  const factor = findFactor(state, factorId);
  if (!factor) return state; // events about unknown factors change nothing: evolve is total
  return { ...state, factors: { ...state.factors, [factorId]: { ...factor, ...patch(factor) } } };
};

const withChallenge = (
  state: UserState,
  challengeId: string,
  patch: Partial<SmsChallengeState>,
): UserState => ({
  ...state,
  smsChallenges: state.smsChallenges.map((c) => (c.challengeId === challengeId ? { ...c, ...patch } : c)),
});

const started = (state: UserState, e: EventOf<"FactorEnrollmentStarted">): UserState => {
  const d = e.data;
  const factor: FactorState = {
    factorId: e.factorId,
    method: d.method,
    status: FACTOR_STATUS_AFTER[e.type],
    totpParams: d.method === "totp" ? d.params : null,
    hotpParams: d.method === "hotp" ? d.params : null,
    secretFingerprint: d.method === "sms" ? null : d.secretFingerprint,
    maskedPhone: d.method === "sms" ? d.maskedPhone : null,
    country: d.method === "sms" ? d.country : null,
    driftSteps: 0,
    lastAcceptedStep: null,
    lastSuccessOffset: null,
    hotpCounter: d.method === "hotp" ? (d.initialCounter ?? 0) : 0,
    enrolledAt: e.occurredAt,
    confirmedAt: null,
    disabledAt: null,
    enrollmentFailures: 0,
    recentFailures: [],
    budgetExhausted: false,
    lastPass: null,
  };
  return { ...state, factors: { ...state.factors, [e.factorId]: factor } };
};

const CLEARED_LOCKOUT = {
  consecutiveFailures: 0,
  lockedUntil: null,
  lockoutCount: 0,
  failuresSinceSuccess: 0,
  exhausted: false,
};

/** Every factor's rolling guess budget restored (an audited unlock, or a recovery code used). */
const withBudgetsRestored = (state: UserState): UserState => ({
  ...state,
  factors: Object.fromEntries(
    Object.entries(state.factors).map(([id, f]) => [
      id,
      f.budgetExhausted || f.recentFailures.length > 0
        ? { ...f, budgetExhausted: false, recentFailures: [] }
        : f,
    ]),
  ),
});

/**
 * A success ends the run of consecutive failures but steps the backoff down by one lockout only,
 * and leaves the factors' rolling budgets as they are: interleaving the user's own logins does
 * not give an attacker the whole budget again. A recovery code (single use) restores the budgets.
 */
const passed = (state: UserState, e: EventOf<"ChallengePassed">): UserState => {
  const d = e.data;
  const lockout = { ...CLEARED_LOCKOUT, lockoutCount: Math.max(0, state.lockout.lockoutCount - 1) };
  let next: UserState = { ...state, lockout, lastVerifiedAt: e.occurredAt };
  if (d.method === "recovery") next = withBudgetsRestored(next);
  if (e.factorId !== undefined) {
    const lastPass = {
      attemptId: d.attemptId,
      at: e.occurredAt,
      step: d.step ?? null,
      counter: d.matchedCounter ?? null,
      challengeId: d.challengeId ?? null,
    };
    next = withFactor(next, e.factorId, () => ({ lastPass }));
  }
  if (e.factorId !== undefined && d.method === "totp" && d.step !== undefined) {
    const step = d.step;
    next = withFactor(next, e.factorId, (f) => ({
      lastAcceptedStep: Math.max(step, f.lastAcceptedStep ?? step),
      lastSuccessOffset: d.offset ?? null,
    }));
  }
  if (e.factorId !== undefined && d.method === "hotp" && d.nextCounter !== undefined) {
    const counter = d.nextCounter;
    next = withFactor(next, e.factorId, (f) => ({ hotpCounter: Math.max(counter, f.hotpCounter) }));
  }
  if (d.challengeId !== undefined) next = withChallenge(next, d.challengeId, { consumed: true });
  return next;
};

/**
 * Pure and total: any event sequence folds without throwing; unknown references are ignored.
 * An event read from the bus (`origin: "inbound"`) changes only what INBOUND_EFFECTS lets its type
 * change: a pass, a failure, a lockout, a step or a counter counts only when factorlens decided it.
 */
export const evolve = (state: UserState, event: FactorlensEvent): UserState => {
  if (isUntrustedInbound(event)) return state;
  const base = state.userId === null ? { ...state, userId: event.userId } : state;
  switch (event.type) {
    case "FactorEnrollmentStarted":
      return started(base, event);
    case "FactorEnrollmentConfirmed": {
      const d = event.data;
      const next = withFactor(base, event.factorId, (f) => ({
        status: FACTOR_STATUS_AFTER[event.type],
        confirmedAt: event.occurredAt,
        lastAcceptedStep:
          d.acceptedStep === undefined
            ? f.lastAcceptedStep
            : Math.max(d.acceptedStep, f.lastAcceptedStep ?? d.acceptedStep),
        lastSuccessOffset: d.offset ?? null,
        hotpCounter: d.nextCounter === undefined ? f.hotpCounter : Math.max(d.nextCounter, f.hotpCounter),
      }));
      const consumed =
        d.challengeId === undefined ? next : withChallenge(next, d.challengeId, { consumed: true });
      return { ...consumed, lastVerifiedAt: event.occurredAt };
    }
    case "FactorEnrollmentFailed":
      return withFactor(base, event.factorId, (f) => ({ enrollmentFailures: f.enrollmentFailures + 1 }));
    case "FactorDisableRefused":
      return base;
    case "FactorEnrollmentAbandoned":
    case "FactorDisabled":
      return withFactor(base, event.factorId, () => ({
        status: FACTOR_STATUS_AFTER[event.type],
        disabledAt: event.occurredAt,
      }));
    case "FactorReset":
      return withFactor(base, event.factorId, () => ({
        status: FACTOR_STATUS_AFTER[event.type],
        confirmedAt: null,
        driftSteps: 0,
        lastSuccessOffset: null,
        enrollmentFailures: 0,
      }));
    case "SecretRotated":
      // a new secret restarts the HOTP counter; the TOTP replay step stays (time only moves forward)
      return withFactor(base, event.factorId, () => ({
        secretFingerprint: event.data.newFingerprint,
        hotpCounter: 0,
      }));
    case "DriftLearned":
      return withFactor(base, event.factorId, () => ({
        driftSteps: event.data.driftSteps,
        lastSuccessOffset: null,
      }));
    case "DriftReset":
      return withFactor(base, event.factorId, () => ({ driftSteps: 0, lastSuccessOffset: null }));
    case "HotpResynced":
      return withFactor(base, event.factorId, () => ({ hotpCounter: event.data.nextCounter }));
    case "RecoveryCodesIssued":
      return { ...base, recoveryCodes: { batchId: event.data.batchId, issued: event.data.count, used: [] } };
    case "RecoveryCodeUsed": {
      const rc = base.recoveryCodes;
      if (rc.batchId !== event.data.batchId || rc.used.includes(event.data.index)) return base;
      return { ...base, recoveryCodes: { ...rc, used: [...rc.used, event.data.index] } };
    }
    case "ChallengeIssued": {
      const d = event.data;
      if (d.challengeId === undefined || d.expiresAt === undefined || event.factorId === undefined)
        return base;
      if (base.smsChallenges.some((c) => c.challengeId === d.challengeId)) return base;
      const challenge: SmsChallengeState = {
        challengeId: d.challengeId,
        factorId: event.factorId,
        attemptId: d.attemptId,
        sentAt: event.occurredAt,
        expiresAt: d.expiresAt,
        delivery: "sent",
        consumed: false,
      };
      return { ...base, smsChallenges: [...base.smsChallenges, challenge].slice(-SMS_CHALLENGES_KEPT) };
    }
    case "ChallengePassed":
      return passed(base, event);
    case "ChallengeFailed": {
      if (!LOCKOUT_COUNTED_REASONS.has(event.data.reason) || event.data.counted === false) return base;
      const lockout = {
        ...base.lockout,
        consecutiveFailures: base.lockout.consecutiveFailures + 1,
        failuresSinceSuccess: base.lockout.failuresSinceSuccess + 1,
      };
      const t = Date.parse(event.occurredAt);
      const next = { ...base, lockout };
      if (event.factorId === undefined) return next;
      return withFactor(next, event.factorId, (f) => ({
        recentFailures: [...f.recentFailures, t].slice(-GUESS_HISTORY_KEPT),
      }));
    }
    case "GuessBudgetExhausted":
      if (event.data.scope === "account") return { ...base, lockout: { ...base.lockout, exhausted: true } };
      if (event.factorId === undefined) return base;
      return withFactor(base, event.factorId, () => ({ budgetExhausted: true }));
    case "LockedOut":
      return {
        ...base,
        lockout: {
          ...base.lockout,
          consecutiveFailures: 0,
          lockedUntil: event.data.until,
          lockoutCount: Math.max(base.lockout.lockoutCount + 1, event.data.lockoutNumber),
        },
      };
    case "Unlocked":
      return withBudgetsRestored({ ...base, lockout: CLEARED_LOCKOUT });
    case "SmsDelivered":
      return withChallenge(base, event.data.challengeId, {
        delivery: "delivered",
        deliveredAt: event.occurredAt,
      });
    case "SmsDeliveryFailed":
      return withChallenge(base, event.data.challengeId, { delivery: "failed" });
    case "SmsCodeExpired":
      return withChallenge(base, event.data.challengeId, { consumed: true });
    case "SmsDispatched":
    case "SmsSendRefused":
    case "SmsBlockLifted":
    case "MismatchDiagnosed":
    case "SupportLookupPerformed":
    case "SupportLookupFailed":
    case "SupportActionTaken":
      return base;
  }
};
