import { type ReadDb, schemaOf } from "../db";
import { type Connection, encodeCursor } from "./common";
import { checkRange, type FraudPage, type TimeRange } from "./fraud-args";
import { keysetPage } from "./keyset-page";

export interface DisabledAfterNewLocation {
  eventId: string;
  userId: string;
  factorId: string | null;
  disabledAt: string;
  loginAt: string;
  loginCountry: string | null;
  loginAsn: number | null;
  secondsAfterLogin: number;
  actorKind: string;
}

interface Row {
  event_id: string;
  user_id: string;
  factor_id: string | null;
  disabled_at: string;
  login_at: string;
  login_country: string | null;
  login_asn: number | null;
  seconds_after_login: number;
  actor_kind: string;
}

/** Factors disabled in [from, to) soon after a challenge passed from a country or network new to the user; newest first. */
export async function disabledAfterNewCountryLogin(
  db: ReadDb,
  options: TimeRange & FraudPage,
): Promise<Connection<DisabledAfterNewLocation>> {
  const range = checkRange(options);
  const page = await keysetPage<Row>(
    db,
    options,
    (after, fetch) => ({
      text: `SELECT to_jsonb(t) AS r FROM ${schemaOf(db)}.disabled_after_new_location t
             WHERE disabled_at >= $1 AND disabled_at < $2
               AND ($3::timestamptz IS NULL OR (disabled_at, event_id) < ($3::timestamptz, $4::uuid))
             ORDER BY disabled_at DESC, event_id DESC LIMIT $5`,
      values: [range.from, range.to, after.at, after.key, fetch],
    }),
    (r) => encodeCursor(new Date(r.disabled_at).toISOString(), r.event_id),
  );
  return page;
}
