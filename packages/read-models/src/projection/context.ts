import type { FactorlensEvent } from "@factorlens/domain";
import type { GeoResolver } from "../geo/geo-resolver";
import { ipPrefix } from "../geo/ip";
import type { AttemptRow, FactorStatusRow, UserStatusRow } from "../tables";
import type { BatchState } from "./batch-state";
import { pairKey } from "./batch-state";

export interface ApplyDeps {
  geo: GeoResolver;
  /** A factor disabled within this long after a challenge passed from a new location is flagged. */
  newLocationWindowMs: number;
}
export const HOUR_MS = 3_600_000;
export const hourBucket = (iso: string): string =>
  new Date(Math.floor(Date.parse(iso) / HOUR_MS) * HOUR_MS).toISOString();

/** `+44 •••• ••12 34` → `+44` (the calling code: the masked number's only public prefix). */
export const phonePrefix = (maskedPhone: string | null | undefined): string | null =>
  maskedPhone?.match(/^\+\d{1,3}/)?.[0] ?? null;

/** The request context of an event, with the IP's country and ASN filled in from local data. */
export const resolveContext = (event: FactorlensEvent, geo: GeoResolver) => {
  const c = event.context;
  const ip = c?.ip ?? null;
  const located = ip ? geo.lookup(ip) : { country: null, asn: null, asnName: null };
  const asn = c?.asn ?? located.asn;
  return {
    ip,
    ip_prefix: ip ? ipPrefix(ip) : null,
    country: c?.country ?? located.country,
    asn,
    asn_name: asn === null ? null : asn === located.asn ? located.asnName : geo.asnName(asn),
    user_agent: c?.userAgent ?? null,
    device_id: c?.deviceId ?? null,
    login_attempt_id: c?.loginAttemptId ?? null,
  };
};

export const userRow = (s: BatchState, event: FactorlensEvent): UserStatusRow => {
  let row = s.users.get(event.userId);
  if (!row) {
    row = {
      user_id: event.userId,
      locked: false,
      locked_at: null,
      locked_until: null,
      lockout_reason: null,
      unlocked_at: null,
      recovery_codes_issued: 0,
      recovery_codes_used: 0,
      known_countries: [],
      known_asns: [],
      last_new_location_at: null,
      last_new_location_country: null,
      last_new_location_asn: null,
      updated_at: event.occurredAt,
    };
    s.users.set(event.userId, row);
  }
  row.updated_at = event.occurredAt;
  s.dirtyUsers.add(event.userId);
  return row;
};

/** The factor's row; created (pending) when `method` is known and the factor was never seen. */
export const factorRow = (
  s: BatchState,
  event: FactorlensEvent,
  factorId: string | undefined,
  method?: string,
): FactorStatusRow | undefined => {
  if (factorId === undefined) return undefined;
  const key = pairKey(event.userId, factorId);
  let row = s.factors.get(key);
  if (!row && method !== undefined) {
    row = {
      user_id: event.userId,
      factor_id: factorId,
      method,
      state: "pending",
      enrollment_started_at: null,
      confirmed_at: null,
      disabled_at: null,
      reset_at: null,
      secret_rotated_at: null,
      last_success_at: null,
      last_failure_at: null,
      consecutive_failures: 0,
      drift_steps: null,
      drift_learned_at: null,
      drift_confirmations: 0,
      hotp_resynced_at: null,
      masked_phone: null,
      updated_at: event.occurredAt,
    };
    s.factors.set(key, row);
  }
  if (row) {
    row.updated_at = event.occurredAt;
    s.dirtyFactors.add(key);
  }
  return row;
};

/** The attempt's row, created on its first event; context fields fill in as later events bring them. */
export const attemptRow = (
  s: BatchState,
  event: FactorlensEvent,
  attemptId: string,
  position: number,
  deps: ApplyDeps,
): AttemptRow => {
  let row = s.attempts.get(pairKey(event.userId, attemptId));
  if (!row) {
    row = {
      attempt_id: attemptId,
      user_id: event.userId,
      factor_id: event.factorId ?? null,
      method: null,
      started_at: event.occurredAt,
      completed_at: null,
      outcome: "pending",
      reason: null,
      pattern: null,
      confidence: null,
      evidence: null,
      coincidence_probability: null,
      candidates_tried: null,
      ip: null,
      ip_prefix: null,
      country: null,
      asn: null,
      asn_name: null,
      user_agent: null,
      device_id: null,
      login_attempt_id: null,
      challenge_id: null,
      sms_state: null,
      sms_updated_at: null,
      sms_failure_reason: null,
      phone_prefix: null,
      phone_country: null,
      masked_phone: null,
      phone_type: null,
      sms_verified_at: null,
      sms_delivered_at: null,
      first_position: position,
    };
  }
  row.factor_id ??= event.factorId ?? null;
  if (event.context && row.ip === null && row.user_agent === null && row.device_id === null) {
    Object.assign(row, resolveContext(event, deps.geo));
  }
  s.putAttempt(row);
  return row;
};
