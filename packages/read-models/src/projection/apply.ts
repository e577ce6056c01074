import type { FactorlensEvent } from "@factorlens/domain";
import { applyChallengeEvent, applyDisableRefusal, applyEnrollmentAttempt } from "./apply-challenge";
import { applyFactorEvent } from "./apply-factor";
import { applySmsSendRefused } from "./apply-sms-guard";
import { applySmsEvent, applySupportEvent, auditSupportChange } from "./apply-sms-support";
import { type BatchState, pairKey } from "./batch-state";
import type { ApplyDeps } from "./context";

/** Applies one event to the batch state. Pure in-memory: the SQL is written once per batch. */
export const applyEvent = (
  s: BatchState,
  e: FactorlensEvent,
  eventId: string,
  position: number,
  deps: ApplyDeps,
): void => {
  auditSupportChange(s, e, eventId, position);
  switch (e.type) {
    case "FactorEnrollmentFailed":
      applyFactorEvent(s, e, deps, eventId);
      applyEnrollmentAttempt(s, e, position, deps);
      return;
    case "FactorDisableRefused":
      applyDisableRefusal(s, e, eventId, position, deps);
      return;
    case "FactorEnrollmentStarted":
    case "FactorEnrollmentConfirmed":
    case "FactorEnrollmentAbandoned":
    case "FactorDisabled":
    case "FactorReset":
    case "SecretRotated":
    case "DriftLearned":
    case "DriftReset":
    case "HotpResynced":
      applyFactorEvent(s, e, deps, eventId);
      return;
    case "ChallengeIssued":
    case "ChallengePassed":
    case "ChallengeFailed":
    case "MismatchDiagnosed":
    case "LockedOut":
    case "GuessBudgetExhausted":
    case "Unlocked":
    case "RecoveryCodesIssued":
    case "RecoveryCodeUsed":
      applyChallengeEvent(s, e, position, deps);
      return;
    case "SmsDispatched":
    case "SmsDelivered":
    case "SmsDeliveryFailed":
    case "SmsCodeExpired":
      applySmsEvent(s, e);
      return;
    case "SmsSendRefused":
      applySmsSendRefused(s, e, eventId, position, deps);
      return;
    case "SmsBlockLifted": // audited above (a support change); nothing else to project
      return;
    case "SupportLookupPerformed":
    case "SupportLookupFailed":
    case "SupportActionTaken":
      applySupportEvent(s, e, eventId, position);
      return;
  }
};

/** The keys a batch's events touch, so their current rows can be loaded in one query per table. */
export const keysOf = (events: FactorlensEvent[]) => {
  const users = new Set<string>();
  const factorUsers: string[] = [];
  const factorIds: string[] = [];
  const attemptKeys = new Map<string, { userId: string; attemptId: string }>();
  const challengeIds = new Set<string>();
  for (const e of events) {
    users.add(e.userId);
    if (e.factorId !== undefined) {
      factorUsers.push(e.userId);
      factorIds.push(e.factorId);
    }
    const d = e.data as { attemptId?: string; challengeId?: string };
    if (d.attemptId !== undefined)
      attemptKeys.set(pairKey(e.userId, d.attemptId), { userId: e.userId, attemptId: d.attemptId });
    if (d.challengeId !== undefined) challengeIds.add(d.challengeId);
  }
  return {
    users: [...users],
    factorUsers,
    factorIds,
    /** (user, attempt id) pairs by attemptKey. */
    attempts: attemptKeys,
    challengeIds: [...challengeIds],
  };
};
