/**
 * Row types of the read-model tables, next to their names and keys. Column names are the SQL
 * ones (snake_case); timestamps are ISO-8601 strings, bigint columns numbers (< 2^53).
 * The migrations in ../migrations are the source of truth for the DDL.
 */
import type {
  ChallengeMethod,
  DiagnosisConfidence,
  FactorMethod,
  FactorStatus,
  MismatchPattern,
} from "@factorlens/domain";

type Ts = string;

export interface UserStatusRow {
  user_id: string;
  /** The account's guessing budget is spent: locked until an audited unlock (no end time). */
  guess_budget_exhausted: boolean;
  /** The last lockout (timed or budget), kept after it ends; see isLockedNow for "locked now". */
  locked_at: Ts | null;
  locked_until: Ts | null;
  lockout_reason: string | null;
  /** Consecutive failures (timed lockout) or failures without a success (budget) behind the last lockout. */
  lockout_failures: number | null;
  unlocked_at: Ts | null;
  recovery_codes_issued: number;
  recovery_codes_used: number;
  known_countries: string[];
  known_asns: number[];
  last_new_location_at: Ts | null;
  last_new_location_country: string | null;
  last_new_location_asn: number | null;
  /** Time of the last event that changed this row. */
  updated_at: Ts;
}

export interface FactorStatusRow {
  user_id: string;
  factor_id: string;
  method: FactorMethod;
  /** The domain's status (FACTOR_STATUS_AFTER). */
  state: FactorStatus;
  enrollment_started_at: Ts | null;
  confirmed_at: Ts | null;
  disabled_at: Ts | null;
  reset_at: Ts | null;
  secret_rotated_at: Ts | null;
  last_success_at: Ts | null;
  last_failure_at: Ts | null;
  consecutive_failures: number;
  drift_steps: number | null;
  drift_learned_at: Ts | null;
  drift_confirmations: number;
  hotp_resynced_at: Ts | null;
  masked_phone: string | null;
  updated_at: Ts;
}

/** `refused`: a refused disable (FactorDisableRefused), shown on the timeline, not a code failure. */
export type AttemptOutcome = "pending" | "passed" | "failed" | "expired" | "refused";
export type SmsState = "dispatched" | "delivered" | "delivery_failed" | "expired";

export interface AttemptRow {
  attempt_id: string;
  user_id: string;
  factor_id: string | null;
  method: ChallengeMethod | null;
  started_at: Ts;
  completed_at: Ts | null;
  outcome: AttemptOutcome;
  reason: string | null;
  pattern: MismatchPattern | null;
  confidence: DiagnosisConfidence | null;
  evidence: Record<string, unknown> | null;
  coincidence_probability: number | null;
  candidates_tried: number | null;
  ip: string | null;
  ip_prefix: string | null;
  country: string | null;
  asn: number | null;
  /** The network's name (from the IP database). */
  asn_name: string | null;
  user_agent: string | null;
  device_id: string | null;
  login_attempt_id: string | null;
  challenge_id: string | null;
  sms_state: SmsState | null;
  sms_updated_at: Ts | null;
  sms_failure_reason: string | null;
  phone_prefix: string | null;
  phone_country: string | null;
  masked_phone: string | null;
  /** libphonenumber's number type of the SMS destination. */
  phone_type: string | null;
  /** When a code of this SMS challenge passed (the attempt that sent it carries it). */
  sms_verified_at: Ts | null;
  /** When the carrier reported the challenge's SMS delivered. */
  sms_delivered_at: Ts | null;
  first_position: number;
}

export interface IpUserFailureRow {
  ip: string;
  bucket_start: Ts;
  user_id: string;
  failures: number;
}

export interface DisabledAfterNewLocationRow {
  event_id: string;
  user_id: string;
  factor_id: string | null;
  disabled_at: Ts;
  login_at: Ts;
  login_country: string | null;
  login_asn: number | null;
  seconds_after_login: number;
  actor_kind: string;
}

export interface SupportAuditRow {
  event_id: string;
  position: number;
  occurred_at: Ts;
  kind: "lookup" | "action" | "change";
  agent_id: string;
  ticket_ref: string | null;
  user_id: string;
  action: string | null;
  fields: string[];
  details: Record<string, unknown>;
}

export interface SmsSendRefusalRow {
  event_id: string;
  position: number;
  occurred_at: Ts;
  user_id: string;
  factor_id: string;
  attempt_id: string;
  number_prefix: string;
  country: string | null;
  reason: string;
  sends: number;
  passed: number;
  pending: number;
  refused_until: Ts;
}

export interface TableSpec {
  name: string;
  key: readonly string[];
  /** Columns summed on conflict (counters); every other non-key column is replaced. */
  additive?: readonly string[];
}

export const TABLES = {
  userStatus: { name: "user_status", key: ["user_id"] },
  factorStatus: { name: "factor_status", key: ["user_id", "factor_id"] },
  attempts: { name: "attempts", key: ["user_id", "attempt_id"] },
  ipUserFailures: {
    name: "ip_user_failures",
    key: ["ip", "bucket_start", "user_id"],
    additive: ["failures"],
  },
  disabledAfterNewLocation: { name: "disabled_after_new_location", key: ["event_id"] },
  supportAudit: { name: "support_audit", key: ["event_id"] },
  smsSendRefusals: { name: "sms_send_refusals", key: ["event_id"] },
} as const satisfies Record<string, TableSpec>;

/** Every projected table, in a stable order (dumps, rebuild comparisons). */
export const PROJECTED_TABLES = Object.values(TABLES).map((t) => t.name);
