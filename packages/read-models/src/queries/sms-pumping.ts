import { type ReadDb, schemaOf } from "../db";
import type { Connection } from "./common";
import { checkCount, checkRange, checkShare, type FraudPage, rankPage, type TimeRange } from "./fraud-args";

export interface SmsPumpingCandidate {
  country: string;
  /** Calling code + the first national digits as the verifier recorded them (`+23276`). */
  numberPrefix: string;
  /** The most frequent libphonenumber type among the sends (mobile, voip, premium_rate…). */
  numberType: string | null;
  sends: number;
  delivered: number;
  deliveryFailed: number;
  /** Challenges of these sends whose code then passed (login or enrollment confirmation). */
  verified: number;
  distinctUsers: number;
  /** verified / sends, per challenge. */
  conversion: number;
  /** sends − verified: volume that never converted. */
  unverified: number;
  /**
   * Sends to the prefix the verifier's SMS guard refused in the range (SmsSendRefused): asked
   * for, never converted, so the ranking (unverified + refused) counts them too.
   */
  refused: number;
}

/**
 * SMS challenges sent in [from, to) by destination (country, prefix): each challenge is one
 * send, verified when a code of it passed. Ranked by sends that never converted (unverified, plus
 * those the SMS guard refused), so a pumped range (many sends, none verified) comes before a busy
 * healthy one even once the guard stopped most of it. `maxConversion` 1 lists every prefix.
 */
export async function smsPumpingCandidates(
  db: ReadDb,
  options: TimeRange & FraudPage & { minSends?: number; maxConversion?: number },
): Promise<Connection<SmsPumpingCandidate>> {
  const range = checkRange(options);
  const minSends = checkCount("minSends", options.minSends, 10, 1_000_000);
  const maxConversion = checkShare("maxConversion", options.maxConversion, 0.5);
  const page = rankPage<SmsPumpingCandidate>(
    options,
    (c) => c.unverified + c.refused,
    (c) => `${c.numberPrefix}|${c.country}`,
  );
  const res = await db.query<Record<string, string | null>>(
    `SELECT * FROM (
       SELECT g.*, coalesce(r.refused, 0) AS refused, g.unverified + coalesce(r.refused, 0) AS rank
       FROM (
         SELECT coalesce(phone_prefix, '') AS prefix, coalesce(phone_country, '') AS country,
           mode() WITHIN GROUP (ORDER BY phone_type) AS number_type, count(*) AS sends,
           count(*) FILTER (WHERE sms_delivered_at IS NOT NULL OR sms_verified_at IS NOT NULL) AS delivered,
           count(*) FILTER (WHERE sms_state = 'delivery_failed') AS delivery_failed,
           count(sms_verified_at) AS verified, count(DISTINCT user_id) AS users,
           count(*) - count(sms_verified_at) AS unverified
         FROM ${schemaOf(db)}.attempts
         WHERE challenge_id IS NOT NULL AND sms_state IS NOT NULL
           AND started_at >= $1::timestamptz AND started_at < $2::timestamptz
         GROUP BY 1, 2
         HAVING count(*) >= $3 AND count(sms_verified_at)::float8 / count(*) <= $4
       ) g
       LEFT JOIN (
         SELECT number_prefix, count(*) AS refused FROM ${schemaOf(db)}.sms_send_refusals
          WHERE occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz
          GROUP BY 1
       ) r ON r.number_prefix = g.prefix
     ) ranked
     WHERE $5::bigint IS NULL OR ranked.rank < $5
       OR (ranked.rank = $5 AND (ranked.prefix || '|' || ranked.country) COLLATE "C" > $6)
     ORDER BY ranked.rank DESC, (ranked.prefix || '|' || ranked.country) COLLATE "C" LIMIT $7`,
    [range.from, range.to, minSends, maxConversion, page.rank, page.key, page.limit + 1],
  );
  return page.connection(
    res.rows.map((r) => {
      const sends = Number(r.sends);
      const verified = Number(r.verified);
      return {
        country: r.country ?? "",
        numberPrefix: r.prefix ?? "",
        numberType: r.number_type ?? null,
        sends,
        delivered: Number(r.delivered),
        deliveryFailed: Number(r.delivery_failed),
        verified,
        distinctUsers: Number(r.users),
        conversion: sends === 0 ? 0 : verified / sends,
        unverified: Number(r.unverified),
        refused: Number(r.refused),
      };
    }),
  );
}
