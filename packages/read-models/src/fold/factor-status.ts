import {
  type EventOf,
  FACTOR_STATUS_AFTER,
  type FactorlensEvent,
  type FactorMethod,
} from "@factorlens/domain";
import type { FactorStatusRow } from "../tables";

const fresh = (e: FactorlensEvent, factorId: string, method: FactorMethod): FactorStatusRow => ({
  user_id: e.userId,
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
  updated_at: e.occurredAt,
});

type Lifecycle = keyof typeof FACTOR_STATUS_AFTER;
const isLifecycle = (e: FactorlensEvent): e is EventOf<Lifecycle> =>
  Object.hasOwn(FACTOR_STATUS_AFTER, e.type);

/**
 * factor_status: one row per factor. Returns the row the event leaves (a new object when it
 * changed, the same one when not; null while the factor is unknown). The status follows the
 * domain's FACTOR_STATUS_AFTER table; a lifecycle event of a factor never seen creates its row.
 */
export function evolveFactorStatus(row: FactorStatusRow | null, e: FactorlensEvent): FactorStatusRow | null {
  if (e.factorId === undefined) return row;
  const at = e.occurredAt;
  let base = row;
  if (base === null) {
    if (!isLifecycle(e) && e.type !== "FactorEnrollmentFailed") return null;
    base = fresh(e, e.factorId, e.data.method);
  }
  const next = patch(base, e, at);
  if (next === null) return row;
  return {
    ...base,
    ...next,
    ...(isLifecycle(e) ? { state: FACTOR_STATUS_AFTER[e.type] } : {}),
    updated_at: at,
  };
}

const CLEARED_DRIFT = { drift_steps: null, drift_learned_at: null, drift_confirmations: 0 };

/** The columns an event changes, or null when it changes none. */
function patch(f: FactorStatusRow, e: FactorlensEvent, at: string): Partial<FactorStatusRow> | null {
  switch (e.type) {
    case "FactorEnrollmentStarted":
      return {
        method: e.data.method,
        enrollment_started_at: at,
        confirmed_at: null,
        disabled_at: null,
        ...CLEARED_DRIFT,
        consecutive_failures: 0,
        masked_phone: e.data.method === "sms" ? e.data.maskedPhone : null,
      };
    case "FactorEnrollmentConfirmed":
      return { confirmed_at: at, last_success_at: at, consecutive_failures: 0 };
    case "FactorEnrollmentFailed":
      return { last_failure_at: at };
    case "FactorEnrollmentAbandoned":
      return {};
    case "FactorDisabled":
      return { disabled_at: at };
    case "FactorReset":
      return { reset_at: at, confirmed_at: null, ...CLEARED_DRIFT, consecutive_failures: 0 };
    case "SecretRotated":
      return { secret_rotated_at: at };
    case "DriftLearned":
      return { drift_steps: e.data.driftSteps, drift_learned_at: at, drift_confirmations: 0 };
    case "DriftReset":
      return CLEARED_DRIFT;
    case "HotpResynced":
      return { hotp_resynced_at: at };
    case "ChallengePassed":
      return {
        last_success_at: at,
        consecutive_failures: 0,
        ...(f.drift_steps !== null && e.data.offset === f.drift_steps
          ? { drift_confirmations: f.drift_confirmations + 1 }
          : {}),
      };
    case "ChallengeFailed":
      return { last_failure_at: at, consecutive_failures: e.data.consecutiveFailures };
    default:
      return null;
  }
}
