/** Plain words for what the API returns in codes, and times in the agent's own time zone. */

export const CONFIDENCE_WORDS: Record<string, string> = {
  high: "very likely",
  medium: "likely",
  low: "possible, but not certain",
};

export const OUTCOME_WORDS: Record<string, string> = {
  passed: "code accepted",
  failed: "code rejected",
  expired: "code expired unused",
  pending: "waiting for the code",
};

export const PATTERN_WORDS: Record<string, string> = {
  clock_skew: "phone clock is off",
  timezone_offset: "phone set to the wrong time zone",
  stale_secret: "app still holds the old entry",
  digit_typo: "digits mistyped",
  counter_mode: "app set to counter-based",
  hotp_counter_ahead: "token counter ran ahead",
  replayed_code: "code already used",
  secret_entry_typo: "secret typed wrongly at enrollment",
  wrong_parameters: "app set to other digits/period/algorithm",
  sms_not_delivered: "SMS not delivered",
  sms_stale_code: "an older SMS code was entered",
  sms_expired_code: "SMS code arrived or was used too late",
  no_match: "nothing explains it",
};

export const words = (table: Record<string, string>, code: string | null | undefined): string =>
  code ? (table[code] ?? code.replace(/_/g, " ")) : "—";

/** "09:49:12" in the viewer's zone, with the date when it is not today. */
export function localTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "—";
  const d = new Date(iso);
  const sameDay = d.toDateString() === now.toDateString();
  const time = d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  return sameDay ? time : `${d.toLocaleDateString()} ${time}`;
}

/** "in 37 s", "in 4 min 5 s", "2 min ago". */
export function relative(iso: string, now: Date): string {
  const s = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  const a = Math.abs(s);
  const text =
    a < 60
      ? `${a} s`
      : a < 3600
        ? `${Math.floor(a / 60)} min ${a % 60} s`
        : `${Math.floor(a / 3600)} h ${Math.floor((a % 3600) / 60)} min`;
  return s >= 0 ? `in ${text}` : `${text} ago`;
}

export interface LockoutView {
  locked: boolean;
  lockedUntil?: string | null;
  reason?: string | null;
}

/** The lock as the clock says now: a lockout whose time has passed reads as expired, not locked. */
export function lockStatus(l: LockoutView, now: Date): { locked: boolean; text: string } {
  if (!l.locked) return { locked: false, text: "Not locked" };
  const why = l.reason ? ` (${l.reason.replace(/_/g, " ")})` : "";
  if (!l.lockedUntil) return { locked: true, text: `Locked until a support agent unlocks${why}` };
  if (new Date(l.lockedUntil).getTime() <= now.getTime()) return { locked: false, text: "Lock expired" };
  return {
    locked: true,
    text: `Locked until ${localTime(l.lockedUntil, now)}, ${relative(l.lockedUntil, now)}${why}`,
  };
}
