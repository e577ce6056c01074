import { type ReadDb, schemaOf } from "../db";
import type { TimeRange } from "./fraud-args";

/** Where a user's failed codes came from, and whether those sources fail for other accounts too. */
export interface SharedFailureSources {
  /** Distinct IPs the user's failed attempts came from in the range. */
  userIps: number;
  /** Of those, IPs that also failed for at least one other account. */
  sharedIps: number;
  /** Other accounts with failures from the same IPs. */
  otherAccountsByIp: number;
  /** Other accounts with failures from the same networks (the attempts' IP prefixes). */
  otherAccountsByNetwork: number;
}

/**
 * The fraud read models seen from one user: the IPs and networks of their failed attempts in
 * [from, to), matched against the failed attempts of other accounts in the same range (exact).
 */
export async function sharedFailureSources(
  db: ReadDb,
  options: TimeRange & { userId: string },
): Promise<SharedFailureSources> {
  const s = schemaOf(db);
  const res = await db.query<{ user_ips: string; shared_ips: string; by_ip: string; by_network: string }>(
    `WITH failed AS (
       SELECT host(ip) AS ip, ip_prefix, user_id FROM ${s}.attempts
       WHERE outcome = 'failed' AND ip IS NOT NULL AND reason NOT LIKE 'enrollment\\_%'
         AND completed_at >= $2::timestamptz AND completed_at < $3::timestamptz
     ), mine AS (
       SELECT DISTINCT ip, ip_prefix FROM failed WHERE user_id = $1
     ), others AS (
       SELECT DISTINCT ip, user_id FROM failed WHERE user_id <> $1
     )
     SELECT (SELECT count(*) FROM mine) AS user_ips,
       (SELECT count(DISTINCT o.ip) FROM others o JOIN mine m ON o.ip = m.ip) AS shared_ips,
       (SELECT count(DISTINCT o.user_id) FROM others o JOIN mine m ON o.ip = m.ip) AS by_ip,
       (SELECT count(DISTINCT o.user_id) FROM others o JOIN mine m
          ON m.ip_prefix IS NOT NULL AND o.ip::inet << m.ip_prefix) AS by_network`,
    [options.userId, options.from, options.to],
  );
  const r = res.rows[0];
  return {
    userIps: Number(r?.user_ips ?? 0),
    sharedIps: Number(r?.shared_ips ?? 0),
    otherAccountsByIp: Number(r?.by_ip ?? 0),
    otherAccountsByNetwork: Number(r?.by_network ?? 0),
  };
}
