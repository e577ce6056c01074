import { isIP } from "node:net";
import { type ReadDb, schemaOf } from "../db";
import { ReadModelsError } from "../errors";
import { type Connection, decodeCursor, encodeCursor, pageSize, toConnection } from "./common";
import type { TimeRange } from "./fraud";

/** A user found by a support search. */
export interface UserSearchHit {
  userId: string;
  /** Failures from the IP or network in the range (0 for an id-prefix match). */
  failures: number;
  /** Start of the last hour with such a failure (null for an id-prefix match). */
  lastFailureAt: string | null;
  /** The IPs (inside the network) that failed for this user, at most 10. */
  ips: string[];
}

const MIN_PREFIX = 2;
const ID_CHARS = /^[A-Za-z0-9._:@-]{1,128}$/;
/** Cursors of id-prefix pages carry no time: a fixed one keeps the shared cursor format. */
const NO_TIME = "1970-01-01T00:00:00.000Z";

/** Users whose id starts with `prefix` (at least 2 characters), in byte order of the id. */
export async function searchUsersByIdPrefix(
  db: ReadDb,
  options: { prefix: string; first?: number; after?: string | null },
): Promise<Connection<UserSearchHit>> {
  const { prefix } = options;
  if (prefix.length < MIN_PREFIX || !ID_CHARS.test(prefix))
    throw new ReadModelsError("invalid_argument", `prefix must be ${MIN_PREFIX}..128 user-id characters`);
  const limit = pageSize(options.first);
  const after = options.after ? String(decodeCursor(options.after)[1]) : null;
  const s = schemaOf(db);
  // '_' is a user-id character and a LIKE wildcard: escape it (and '\')
  const pattern = `${prefix.replace(/[\\_%]/g, "\\$&")}%`;
  const res = await db.query<{ user_id: string }>(
    `SELECT user_id FROM (
       SELECT user_id COLLATE "C" AS user_id FROM ${s}.user_status
       WHERE user_id COLLATE "C" LIKE $1 AND ($2::text IS NULL OR user_id COLLATE "C" > $2)
       UNION
       SELECT user_id COLLATE "C" FROM ${s}.factor_status
       WHERE user_id COLLATE "C" LIKE $1 AND ($2::text IS NULL OR user_id COLLATE "C" > $2)
     ) u ORDER BY user_id LIMIT $3`,
    [pattern, after, limit + 1],
  );
  return toConnection(
    res.rows,
    limit,
    (r) => ({ userId: r.user_id, failures: 0, lastFailureAt: null, ips: [] }),
    (r) => encodeCursor(NO_TIME, r.user_id),
  );
}

/** `ip` as a CIDR network: an address is its own /32 (/128); a network must be /8 or narrower (v6: /32). */
export function parseIpOrNetwork(ip: string): string {
  const [address = "", bits, extra] = ip.trim().split("/");
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  const min = family === 4 ? 8 : 32;
  const n = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  if (family === 0 || extra !== undefined || !(n >= min && n <= max))
    throw new ReadModelsError(
      "invalid_argument",
      `ip must be an IP address or a network of /${min} or narrower`,
    );
  return `${address}/${n}`;
}

/** Users that failed from an IP, or from any IP of a network, in [from, to); latest failure first. */
export async function searchUsersByIp(
  db: ReadDb,
  options: TimeRange & { ip: string; first?: number; after?: string | null },
): Promise<Connection<UserSearchHit>> {
  const network = parseIpOrNetwork(options.ip);
  const exact = /\/(32|128)$/.test(network);
  const limit = pageSize(options.first);
  const [at, rank] = options.after ? decodeCursor(options.after) : [null, null];
  if (rank !== null && !Number.isInteger(rank))
    throw new ReadModelsError("invalid_cursor", "cursor does not decode");
  // The cursor is (hour, rank within the hour), never a user id: analysts page through
  // pseudonymised results, and a cursor is readable by whoever holds it.
  const res = await db.query<{
    user_id: string;
    failures: string;
    last_at: Date;
    ips: string[];
    rank: string;
  }>(
    `WITH hits AS (
       SELECT user_id, sum(failures) AS failures, max(bucket_start) AS last_at,
              (array_agg(DISTINCT ip ORDER BY ip))[1:10] AS ips
       FROM ${schemaOf(db)}.ip_user_failures
       WHERE ${exact ? "ip = host($1::inet)" : "ip::inet <<= $1::inet"}
         AND bucket_start >= date_trunc('hour', $2::timestamptz) AND bucket_start < $3::timestamptz
       GROUP BY user_id
     ), ranked AS (
       SELECT *, row_number() OVER (PARTITION BY last_at ORDER BY user_id COLLATE "C") AS rank FROM hits
     )
     SELECT * FROM ranked
     WHERE $4::timestamptz IS NULL OR last_at < $4::timestamptz OR (last_at = $4::timestamptz AND rank > $5::int)
     ORDER BY last_at DESC, rank LIMIT $6`,
    [network, options.from, options.to, at, rank, limit + 1],
  );
  const lastAt = (r: { last_at: Date }) => new Date(r.last_at).toISOString();
  return toConnection(
    res.rows,
    limit,
    (r) => ({ userId: r.user_id, failures: Number(r.failures), lastFailureAt: lastAt(r), ips: r.ips }),
    (r) => encodeCursor(lastAt(r), Number(r.rank)),
  );
}
