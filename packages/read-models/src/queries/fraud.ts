import { type ReadDb, schemaOf } from "../db";
import { ReadModelsError } from "../errors";

export const FAILURE_DIMENSIONS = ["ip", "prefix", "asn", "country", "reason", "method", "bucket"] as const;
export type FailureDimension = (typeof FAILURE_DIMENSIONS)[number];

/** Fixed SQL per dimension: the only columns a grouping can name (never built from input). */
const COLUMN: Record<FailureDimension, string> = {
  ip: "ip",
  prefix: "ip_prefix",
  asn: "asn::text",
  country: "country",
  reason: "reason",
  method: "method",
  bucket: "to_char(bucket_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
};

export interface TimeRange {
  /** ISO-8601, inclusive. */
  from: string;
  /** ISO-8601, exclusive. */
  to: string;
}

export interface FailureFilters {
  ip?: string | null;
  prefix?: string | null;
  asn?: number | null;
  country?: string | null;
  reason?: string | null;
  method?: string | null;
}

export interface FailureGroup {
  /** The group's value ('' = unknown, e.g. no IP in the context; asn '0' = unknown). */
  key: string;
  failures: number;
  distinctIps: number;
}

const limitOf = (limit: number | undefined, fallback = 50) => {
  const n = limit ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new ReadModelsError("invalid_argument", "limit must be 1..1000");
  return n;
};

/** Failed challenges in [from, to) grouped by one dimension, with filters; most failures first. */
export async function failuresGrouped(
  db: ReadDb,
  options: TimeRange & { by: FailureDimension; filters?: FailureFilters; limit?: number },
): Promise<FailureGroup[]> {
  const col = COLUMN[options.by];
  if (col === undefined) throw new ReadModelsError("invalid_argument", "unknown grouping dimension");
  const f = options.filters ?? {};
  const res = await db.query<{ key: string; failures: string; distinct_ips: string }>(
    `SELECT ${col} AS key, sum(failures) AS failures, count(DISTINCT ip) FILTER (WHERE ip <> '') AS distinct_ips
     FROM ${schemaOf(db)}.failure_buckets
     WHERE bucket_start >= date_trunc('hour', $1::timestamptz) AND bucket_start < $2::timestamptz
       AND ($3::text IS NULL OR ip = $3) AND ($4::text IS NULL OR ip_prefix = $4)
       AND ($5::bigint IS NULL OR asn = $5) AND ($6::text IS NULL OR country = $6)
       AND ($7::text IS NULL OR reason = $7) AND ($8::text IS NULL OR method = $8)
     GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $9`,
    [
      options.from,
      options.to,
      f.ip ?? null,
      f.prefix ?? null,
      f.asn ?? null,
      f.country ?? null,
      f.reason ?? null,
      f.method ?? null,
      limitOf(options.limit),
    ],
  );
  return res.rows.map((r) => ({
    key: r.key,
    failures: Number(r.failures),
    distinctIps: Number(r.distinct_ips),
  }));
}

export interface IpFailingForManyUsers {
  ip: string;
  distinctUsers: number;
  failures: number;
}

/** IPs whose failures in [from, to) span at least `minUsers` distinct users; widest first. */
export async function ipsFailingForManyUsers(
  db: ReadDb,
  options: TimeRange & { minUsers?: number; limit?: number },
): Promise<IpFailingForManyUsers[]> {
  const res = await db.query<{ ip: string; users: string; failures: string }>(
    `SELECT ip, count(DISTINCT user_id) AS users, sum(failures) AS failures
     FROM ${schemaOf(db)}.ip_user_failures
     WHERE bucket_start >= date_trunc('hour', $1::timestamptz) AND bucket_start < $2::timestamptz
     GROUP BY ip HAVING count(DISTINCT user_id) >= $3
     ORDER BY 2 DESC, 3 DESC, 1 LIMIT $4`,
    [options.from, options.to, options.minUsers ?? 2, limitOf(options.limit)],
  );
  return res.rows.map((r) => ({ ip: r.ip, distinctUsers: Number(r.users), failures: Number(r.failures) }));
}

export interface SmsPumpingCandidate {
  country: string;
  numberPrefix: string;
  sends: number;
  delivered: number;
  deliveryFailed: number;
  verified: number;
  /** verified / sends. */
  conversion: number;
}

/** Destinations with many SMS sends and few successful verifications in [from, to). */
export async function smsPumpingCandidates(
  db: ReadDb,
  options: TimeRange & { minSends?: number; maxConversion?: number; limit?: number },
): Promise<SmsPumpingCandidate[]> {
  const res = await db.query<Record<string, string>>(
    `SELECT country, number_prefix, sum(sends) AS sends, sum(delivered) AS delivered,
            sum(delivery_failed) AS delivery_failed, sum(verified) AS verified
     FROM ${schemaOf(db)}.sms_conversion
     WHERE bucket_start >= date_trunc('hour', $1::timestamptz) AND bucket_start < $2::timestamptz
     GROUP BY country, number_prefix
     HAVING sum(sends) >= $3 AND sum(verified)::float8 / greatest(sum(sends), 1) <= $4
     ORDER BY sum(sends) DESC, 1, 2 LIMIT $5`,
    [options.from, options.to, options.minSends ?? 10, options.maxConversion ?? 0.5, limitOf(options.limit)],
  );
  return res.rows.map((r) => {
    const sends = Number(r.sends);
    const verified = Number(r.verified);
    return {
      country: r.country ?? "",
      numberPrefix: r.number_prefix ?? "",
      sends,
      delivered: Number(r.delivered),
      deliveryFailed: Number(r.delivery_failed),
      verified,
      conversion: sends === 0 ? 0 : verified / sends,
    };
  });
}

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

/** Factors disabled in [from, to) soon after a challenge passed from a country or network new to the user. */
export async function disabledAfterNewCountryLogin(
  db: ReadDb,
  options: TimeRange & { limit?: number },
): Promise<DisabledAfterNewLocation[]> {
  const res = await db.query<{ r: Record<string, unknown> }>(
    `SELECT to_jsonb(t) AS r FROM ${schemaOf(db)}.disabled_after_new_location t
     WHERE disabled_at >= $1 AND disabled_at < $2 ORDER BY disabled_at DESC, event_id LIMIT $3`,
    [options.from, options.to, limitOf(options.limit)],
  );
  return res.rows.map(({ r }) => ({
    eventId: r.event_id as string,
    userId: r.user_id as string,
    factorId: (r.factor_id as string | null) ?? null,
    disabledAt: r.disabled_at as string,
    loginAt: r.login_at as string,
    loginCountry: (r.login_country as string | null) ?? null,
    loginAsn: (r.login_asn as number | null) ?? null,
    secondsAfterLogin: r.seconds_after_login as number,
    actorKind: r.actor_kind as string,
  }));
}
