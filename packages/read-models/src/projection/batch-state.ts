import type { AttemptRows } from "../fold";
import type {
  AttemptRow,
  DisabledAfterNewLocationRow,
  FactorStatusRow,
  IpUserFailureRow,
  SmsSendRefusalRow,
  SupportAuditRow,
  UserStatusRow,
} from "../tables";

export const pairKey = (a: string, b: string): string => `${a}\u0000${b}`;
/** An attempt's key: attempt ids are caller-chosen, so they are unique per user only. */
export const attemptKey = (row: { user_id: string; attempt_id: string }): string =>
  pairKey(row.user_id, row.attempt_id);

/** A counter row keyed by its dimensions; `add` merges increments within one batch. */
export class Counters<R> {
  readonly rows = new Map<string, R>();
  constructor(private readonly counterFields: readonly (keyof R)[]) {}
  add(key: string, base: R, increments: Partial<Record<keyof R, number>>): void {
    let row = this.rows.get(key);
    if (!row) {
      row = { ...base };
      for (const f of this.counterFields) (row as Record<keyof R, unknown>)[f] = 0;
      this.rows.set(key, row);
    }
    for (const [f, n] of Object.entries(increments) as [keyof R, number][]) {
      (row as Record<keyof R, number>)[f] = ((row as Record<keyof R, number>)[f] ?? 0) + n;
    }
  }
}

/**
 * The read-model state one batch touches: current rows loaded up front (one query per table),
 * changed in memory event by event, then written back in a few multi-row statements.
 */
export class BatchState implements AttemptRows {
  readonly users = new Map<string, UserStatusRow>();
  readonly factors = new Map<string, FactorStatusRow>();
  /** By attemptKey (user, attempt id). */
  readonly attempts = new Map<string, AttemptRow>();
  readonly attemptByChallenge = new Map<string, string>();
  readonly dirtyUsers = new Set<string>();
  readonly dirtyFactors = new Set<string>();
  readonly dirtyAttempts = new Set<string>();
  readonly ipUserFailures = new Counters<IpUserFailureRow>(["failures"]);
  readonly disabledAfterNewLocation: DisabledAfterNewLocationRow[] = [];
  readonly supportAudit: SupportAuditRow[] = [];
  readonly smsSendRefusals: SmsSendRefusalRow[] = [];

  putUser(row: UserStatusRow): void {
    this.users.set(row.user_id, row);
    this.dirtyUsers.add(row.user_id);
  }

  putFactor(key: string, row: FactorStatusRow): void {
    this.factors.set(key, row);
    this.dirtyFactors.add(key);
  }

  get(userId: string, attemptId: string): AttemptRow | undefined {
    return this.attempts.get(pairKey(userId, attemptId));
  }

  forChallenge(challengeId: string): AttemptRow | undefined {
    const id = this.attemptByChallenge.get(challengeId);
    return id === undefined ? undefined : this.attempts.get(id);
  }

  put(row: AttemptRow): void {
    const key = attemptKey(row);
    this.attempts.set(key, row);
    if (row.challenge_id) this.attemptByChallenge.set(row.challenge_id, key);
    this.dirtyAttempts.add(key);
  }

  /** A row as loaded (not dirty). */
  putLoaded(row: AttemptRow): void {
    const key = attemptKey(row);
    this.attempts.set(key, row);
    if (row.challenge_id) this.attemptByChallenge.set(row.challenge_id, key);
  }
}
