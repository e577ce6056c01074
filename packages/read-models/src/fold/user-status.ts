import { type FactorlensEvent, isLockoutInForce } from "@factorlens/domain";
import type { UserStatusRow } from "../tables";
import { type FoldContext, resolveContext } from "./context";

const fresh = (e: FactorlensEvent): UserStatusRow => ({
  user_id: e.userId,
  guess_budget_exhausted: false,
  locked_at: null,
  locked_until: null,
  lockout_reason: null,
  lockout_failures: null,
  unlocked_at: null,
  recovery_codes_issued: 0,
  recovery_codes_used: 0,
  known_countries: [],
  known_asns: [],
  last_new_location_at: null,
  last_new_location_country: null,
  last_new_location_asn: null,
  updated_at: e.occurredAt,
});

/**
 * user_status: one row per user. Returns the row the event leaves (a new object when it changed,
 * the same one when not; null while no event touched the user). The row keeps the lockout's two
 * facts, not a flag: whether it is in force is asked at read time (`isLockedNow`).
 */
export function evolveUserStatus(
  row: UserStatusRow | null,
  e: FactorlensEvent,
  ctx: Pick<FoldContext, "geo">,
): UserStatusRow | null {
  const next = patch(row, e, ctx);
  if (next === null) return row;
  return { ...(row ?? fresh(e)), ...next, updated_at: e.occurredAt };
}

/** The domain's lockout rule on the row: a spent account budget, or a timed lockout still running. */
export const isLockedNow = (
  row: Pick<UserStatusRow, "guess_budget_exhausted" | "locked_until">,
  now: Date,
): boolean => isLockoutInForce({ exhausted: row.guess_budget_exhausted, lockedUntil: row.locked_until }, now);

function patch(
  u: UserStatusRow | null,
  e: FactorlensEvent,
  ctx: Pick<FoldContext, "geo">,
): Partial<UserStatusRow> | null {
  const at = e.occurredAt;
  switch (e.type) {
    case "ChallengePassed": {
      // a success ends a spent budget in the domain too (it cannot happen while one is spent)
      const location = newLocation(u, e, ctx);
      if (location === null && !u?.guess_budget_exhausted) return null;
      return { ...location, guess_budget_exhausted: false };
    }
    case "LockedOut":
      return {
        locked_at: at,
        locked_until: e.data.until,
        lockout_reason: `${e.data.failures} failures (lockout #${e.data.lockoutNumber})`,
        lockout_failures: e.data.failures,
      };
    case "GuessBudgetExhausted":
      // The account's budget locks until an audited unlock (no end time); a factor's budget is
      // seen on the timeline as its refused (locked_out) attempts.
      if (e.data.scope !== "account") return null;
      return {
        guess_budget_exhausted: true,
        locked_at: at,
        locked_until: null,
        lockout_reason: `${e.data.failures} failures without a success: guessing budget spent, unlock required`,
        lockout_failures: e.data.failures,
      };
    case "Unlocked":
      return { guess_budget_exhausted: false, locked_until: null, unlocked_at: at };
    case "RecoveryCodesIssued":
      return { recovery_codes_issued: e.data.count, recovery_codes_used: 0 };
    case "RecoveryCodeUsed":
      return { recovery_codes_used: Math.max(0, (u?.recovery_codes_issued ?? 0) - e.data.remaining) };
    default:
      return null;
  }
}

/**
 * Where the user passes challenges from; a country or ASN never seen before is "new" (once the
 * user has a history), which the disabled-after-new-location list reads. Null: nothing new.
 */
function newLocation(
  u: UserStatusRow | null,
  e: FactorlensEvent,
  ctx: Pick<FoldContext, "geo">,
): Partial<UserStatusRow> | null {
  const { country, asn } = resolveContext(e, ctx.geo);
  const countries = u?.known_countries ?? [];
  const asns = u?.known_asns ?? [];
  const newCountry = country !== null && !countries.includes(country);
  const newAsn = asn !== null && !asns.includes(asn);
  if (!newCountry && !newAsn) return null;
  const hadHistory = countries.length > 0 || asns.length > 0;
  return {
    ...(hadHistory
      ? { last_new_location_at: e.occurredAt, last_new_location_country: country, last_new_location_asn: asn }
      : {}),
    ...(newCountry ? { known_countries: [...countries, country].sort() } : {}),
    ...(newAsn ? { known_asns: [...asns, asn].sort((a, b) => a - b) } : {}),
  };
}
