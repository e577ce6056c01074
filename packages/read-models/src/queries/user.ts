import { type ReadDb, schemaOf } from "../db";
import { isLockedNow } from "../fold";
import type { AttemptRow, FactorStatusRow, UserStatusRow } from "../tables";
import { type Camelize, camelize, DEFAULT_PAGE, MAX_PAGE } from "./common";

export type FactorView = Camelize<FactorStatusRow>;
export type UserStatusView = Camelize<UserStatusRow> & {
  /** Whether a lockout is in force at the time of the read (a timed one ends by itself). */
  locked: boolean;
};
export type SmsDeliveryView = Pick<
  Camelize<AttemptRow>,
  | "attemptId"
  | "factorId"
  | "challengeId"
  | "startedAt"
  | "outcome"
  | "smsState"
  | "smsUpdatedAt"
  | "smsFailureReason"
  | "maskedPhone"
  | "phonePrefix"
  | "phoneCountry"
>;

/** The user's factors (every method and state), oldest enrollment first. */
export async function getUserFactors(db: ReadDb, userId: string): Promise<FactorView[]> {
  const res = await db.query<{ r: FactorStatusRow }>(
    `SELECT to_jsonb(t) AS r FROM ${schemaOf(db)}.factor_status t WHERE user_id = $1
     ORDER BY enrollment_started_at NULLS LAST, factor_id`,
    [userId],
  );
  return res.rows.map((x) => camelize(x.r));
}

/**
 * Lockout, recovery codes and known locations of a user, `locked` as of `now` (default: the
 * clock now); null when no event of theirs was seen.
 */
export async function getUserStatus(
  db: ReadDb,
  userId: string,
  options: { now?: Date } = {},
): Promise<UserStatusView | null> {
  const res = await db.query<{ r: UserStatusRow }>(
    `SELECT to_jsonb(t) AS r FROM ${schemaOf(db)}.user_status t WHERE user_id = $1`,
    [userId],
  );
  const row = res.rows[0]?.r;
  return row ? { ...camelize(row), locked: isLockedNow(row, options.now ?? new Date()) } : null;
}

/** Whether the user is locked out at the time of the read, and the last lockout. */
export interface LockoutView {
  locked: boolean;
  lockedAt: string | null;
  lockedUntil: string | null;
  reason: string | null;
  /** The failures that caused the last lockout, when known. */
  failures: number | null;
}

/** A user's factors, lockout and recovery codes, as support sees them. */
export interface UserAccountView {
  userId: string;
  factors: FactorView[];
  lockout: LockoutView;
  /** Unused recovery codes of the current batch (0 when none were issued). */
  recoveryCodesLeft: number;
}

/** The user's account as of `now` (default: the clock now); null when no event of theirs was seen. */
export async function getUserAccount(
  db: ReadDb,
  userId: string,
  options: { now?: Date } = {},
): Promise<UserAccountView | null> {
  const [status, factors] = await Promise.all([
    getUserStatus(db, userId, options),
    getUserFactors(db, userId),
  ]);
  if (!status && factors.length === 0) return null;
  return {
    userId,
    factors,
    lockout: {
      locked: status?.locked ?? false,
      lockedAt: status?.lockedAt ?? null,
      lockedUntil: status?.lockedUntil ?? null,
      reason: status?.lockoutReason ?? null,
      failures: status?.lockoutFailures ?? null,
    },
    recoveryCodesLeft: Math.max(0, (status?.recoveryCodesIssued ?? 0) - (status?.recoveryCodesUsed ?? 0)),
  };
}

/** The user's SMS challenges with their delivery state, most recently updated first. */
export async function getRecentSmsDeliveries(
  db: ReadDb,
  userId: string,
  options: { limit?: number } = {},
): Promise<SmsDeliveryView[]> {
  const res = await db.query<{ r: AttemptRow }>(
    `SELECT to_jsonb(t) AS r FROM ${schemaOf(db)}.attempts t
     WHERE user_id = $1 AND sms_state IS NOT NULL ORDER BY sms_updated_at DESC, attempt_id DESC LIMIT $2`,
    [userId, Math.min(Math.max(options.limit ?? DEFAULT_PAGE, 1), MAX_PAGE)],
  );
  return res.rows.map(({ r }) => ({
    attemptId: r.attempt_id,
    factorId: r.factor_id,
    challengeId: r.challenge_id,
    startedAt: r.started_at,
    outcome: r.outcome,
    smsState: r.sms_state,
    smsUpdatedAt: r.sms_updated_at,
    smsFailureReason: r.sms_failure_reason,
    maskedPhone: r.masked_phone,
    phonePrefix: r.phone_prefix,
    phoneCountry: r.phone_country,
  }));
}
