import type { EventOf, FactorlensEvent } from "@factorlens/domain";
import {
  attemptKeysOf,
  evolveFactorStatus,
  evolveUserStatus,
  type FoldContext,
  foldAttemptEvent,
} from "../fold";
import type { GeoResolver } from "../geo/geo-resolver";
import type { AttemptRow } from "../tables";
import { applySmsSendRefused } from "./apply-sms-guard";
import { applySupportEvent, auditSupportChange } from "./apply-support";
import { type BatchState, pairKey } from "./batch-state";

export interface ApplyDeps {
  geo: GeoResolver;
  /** A factor disabled within this long after a challenge passed from a new location is flagged. */
  newLocationWindowMs: number;
}
export const HOUR_MS = 3_600_000;
export const hourBucket = (iso: string): string =>
  new Date(Math.floor(Date.parse(iso) / HOUR_MS) * HOUR_MS).toISOString();

/**
 * Applies one event to the batch state: the tables' folds (src/fold) on the rows it is about,
 * then the append-only lists and counters. Pure in-memory: the SQL is written once per batch.
 */
export const applyEvent = (
  s: BatchState,
  e: FactorlensEvent,
  eventId: string,
  position: number,
  deps: ApplyDeps,
): void => {
  const ctx: FoldContext = { geo: deps.geo, eventId, position };
  const user = s.users.get(e.userId) ?? null;
  const nextUser = evolveUserStatus(user, e, ctx);
  if (nextUser !== null && nextUser !== user) s.putUser(nextUser);
  if (e.factorId !== undefined) {
    const key = pairKey(e.userId, e.factorId);
    const factor = s.factors.get(key) ?? null;
    const next = evolveFactorStatus(factor, e);
    if (next !== null && next !== factor) s.putFactor(key, next);
  }
  const own = foldAttemptEvent(s, e, ctx);

  auditSupportChange(s, e, eventId, position);
  switch (e.type) {
    case "ChallengeFailed":
      if (own !== null) countFailure(s, e, own);
      return;
    case "FactorDisabled":
      flagDisabledAfterNewLocation(s, e, deps, eventId);
      return;
    case "SmsSendRefused": // the attempt (refused, on the timeline) is the fold's; the list row here
      applySmsSendRefused(s, e, eventId, position);
      return;
    case "SupportLookupPerformed":
    case "SupportLookupFailed":
    case "SupportActionTaken":
      applySupportEvent(s, e, eventId, position);
      return;
  }
};

/** Failures per IP, hour and user: who else an IP failed for (the user search by IP reads it). */
const countFailure = (s: BatchState, e: EventOf<"ChallengeFailed">, a: AttemptRow): void => {
  if (!a.ip) return;
  const bucket = hourBucket(e.occurredAt);
  s.ipUserFailures.add(
    `${a.ip}|${bucket}|${e.userId}`,
    { ip: a.ip, bucket_start: bucket, user_id: e.userId, failures: 0 },
    { failures: 1 },
  );
};

/** A factor disabled soon after a challenge passed from a new country or network. */
const flagDisabledAfterNewLocation = (
  s: BatchState,
  e: EventOf<"FactorDisabled">,
  deps: ApplyDeps,
  eventId: string,
): void => {
  const u = s.users.get(e.userId);
  if (!u || u.last_new_location_at === null) return;
  const elapsed = Date.parse(e.occurredAt) - Date.parse(u.last_new_location_at);
  if (elapsed < 0 || elapsed > deps.newLocationWindowMs) return;
  s.disabledAfterNewLocation.push({
    event_id: eventId,
    user_id: e.userId,
    factor_id: e.factorId,
    disabled_at: e.occurredAt,
    login_at: u.last_new_location_at,
    login_country: u.last_new_location_country,
    login_asn: u.last_new_location_asn,
    seconds_after_login: Math.round(elapsed / 1000),
    actor_kind: e.actor.kind,
  });
};

/** The keys a batch's events touch, so their current rows can be loaded in one query per table. */
export const keysOf = (events: readonly { event: FactorlensEvent; id: string }[]) => {
  const users = new Set<string>();
  const factorUsers: string[] = [];
  const factorIds: string[] = [];
  const attemptKeys = new Map<string, { userId: string; attemptId: string }>();
  const challengeIds = new Set<string>();
  for (const { event: e, id } of events) {
    users.add(e.userId);
    if (e.factorId !== undefined) {
      factorUsers.push(e.userId);
      factorIds.push(e.factorId);
    }
    const k = attemptKeysOf(e, id);
    if (k.attemptId !== null)
      attemptKeys.set(pairKey(e.userId, k.attemptId), { userId: e.userId, attemptId: k.attemptId });
    if (k.challengeId !== null) challengeIds.add(k.challengeId);
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
