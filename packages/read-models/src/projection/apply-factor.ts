import type { EventOf, FactorlensEvent } from "@factorlens/domain";
import type { BatchState } from "./batch-state";
import { type ApplyDeps, factorRow, resolveContext, userRow } from "./context";
import { noteSmsVerified } from "./sms-conversion";

type FactorEventType =
  | "FactorEnrollmentStarted"
  | "FactorEnrollmentConfirmed"
  | "FactorEnrollmentFailed"
  | "FactorEnrollmentAbandoned"
  | "FactorDisabled"
  | "FactorReset"
  | "SecretRotated"
  | "DriftLearned"
  | "DriftReset"
  | "HotpResynced";

/** Factor lifecycle → factor_status (and the new-location rule on FactorDisabled). */
export const applyFactorEvent = (
  s: BatchState,
  e: EventOf<FactorEventType>,
  deps: ApplyDeps,
  eventId: string,
): void => {
  const at = e.occurredAt;
  switch (e.type) {
    case "FactorEnrollmentStarted": {
      const f = factorRow(s, e, e.factorId, e.data.method)!;
      Object.assign(f, {
        method: e.data.method,
        state: "pending",
        enrollment_started_at: at,
        confirmed_at: null,
        disabled_at: null,
        drift_steps: null,
        drift_learned_at: null,
        drift_confirmations: 0,
        consecutive_failures: 0,
        masked_phone: e.data.method === "sms" ? e.data.maskedPhone : null,
      });
      return;
    }
    case "FactorEnrollmentConfirmed": {
      const f = factorRow(s, e, e.factorId, e.data.method)!;
      f.state = "active";
      f.confirmed_at = at;
      f.last_success_at = at;
      f.consecutive_failures = 0;
      if (e.data.method === "sms") noteSmsVerified(s, e.data.challengeId, at);
      return;
    }
    case "FactorEnrollmentFailed": {
      const f = factorRow(s, e, e.factorId, e.data.method)!;
      f.last_failure_at = at;
      return;
    }
    case "FactorEnrollmentAbandoned":
      factorRow(s, e, e.factorId, e.data.method)!.state = "abandoned";
      return;
    case "FactorDisabled": {
      const f = factorRow(s, e, e.factorId, e.data.method)!;
      f.state = "disabled";
      f.disabled_at = at;
      flagDisabledAfterNewLocation(s, e, deps, eventId);
      return;
    }
    case "FactorReset":
      Object.assign(factorRow(s, e, e.factorId, e.data.method)!, {
        state: "pending",
        reset_at: at,
        confirmed_at: null,
        drift_steps: null,
        drift_learned_at: null,
        drift_confirmations: 0,
        consecutive_failures: 0,
      });
      return;
    case "SecretRotated": {
      const f = factorRow(s, e, e.factorId);
      if (f) f.secret_rotated_at = at;
      return;
    }
    case "DriftLearned": {
      const f = factorRow(s, e, e.factorId);
      if (f)
        Object.assign(f, { drift_steps: e.data.driftSteps, drift_learned_at: at, drift_confirmations: 0 });
      return;
    }
    case "DriftReset": {
      const f = factorRow(s, e, e.factorId);
      if (f) Object.assign(f, { drift_steps: null, drift_learned_at: null, drift_confirmations: 0 });
      return;
    }
    case "HotpResynced": {
      const f = factorRow(s, e, e.factorId);
      if (f) f.hotp_resynced_at = at;
      return;
    }
  }
};

/** Remembers where the user passes challenges from; a country or ASN never seen before is "new". */
export const noteLoginLocation = (s: BatchState, e: FactorlensEvent, deps: ApplyDeps): void => {
  const { country, asn } = resolveContext(e, deps.geo);
  const known = s.users.get(e.userId);
  const newCountry = country !== null && !(known?.known_countries.includes(country) ?? false);
  const newAsn = asn !== null && !(known?.known_asns.includes(asn) ?? false);
  if (!newCountry && !newAsn) return; // nothing to remember: the row is left untouched
  const u = userRow(s, e);
  const hadHistory = u.known_countries.length > 0 || u.known_asns.length > 0;
  if (hadHistory && (newCountry || newAsn)) {
    u.last_new_location_at = e.occurredAt;
    u.last_new_location_country = country;
    u.last_new_location_asn = asn;
  }
  if (newCountry) u.known_countries = [...u.known_countries, country].sort();
  if (newAsn) u.known_asns = [...u.known_asns, asn].sort((a, b) => a - b);
};

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
