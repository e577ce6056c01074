import { type ReadDb, schemaOf } from "../db";
import type { Connection } from "./common";
import {
  CHALLENGE_METHODS,
  checkAsn,
  checkCount,
  checkCountry,
  checkIp,
  checkPrefix,
  checkRange,
  FAILURE_REASONS,
  type FraudPage,
  oneOf,
  PATTERN_VALUES,
  rankPage,
  type TimeRange,
  UNDIAGNOSED,
} from "./fraud-args";

export type { FraudPage, TimeRange } from "./fraud-args";

export const FAILURE_DIMENSIONS = [
  "ip",
  "prefix",
  "asn",
  "country",
  "reason",
  "method",
  "pattern",
  "hour",
] as const;
export type FailureDimension = (typeof FAILURE_DIMENSIONS)[number];

/** Fixed SQL per dimension: the only expressions a grouping can name (never built from input). */
const KEY: Record<FailureDimension, string> = {
  ip: "coalesce(host(ip), '')",
  prefix: "coalesce(ip_prefix::text, '')",
  asn: "coalesce(asn, 0)::text",
  country: "coalesce(country, '')",
  reason: "reason",
  method: "coalesce(method, '')",
  pattern: `coalesce(pattern, '${UNDIAGNOSED}')`,
  hour: "to_char(date_trunc('hour', completed_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
};

export interface FailureFilters {
  ip?: string | null;
  prefix?: string | null;
  asn?: number | null;
  country?: string | null;
  reason?: string | null;
  method?: string | null;
  /** A mismatch pattern, or `undiagnosed`. */
  pattern?: string | null;
}

export interface FailureGroup {
  /** The group's value ('' = unknown, e.g. no IP in the context; asn '0' = unknown). */
  key: string;
  /** The network's name when grouped by ASN (null when unknown or another grouping). */
  name: string | null;
  failures: number;
  distinctIps: number;
  distinctUsers: number;
  /** Failures whose diagnosis found nothing that explains them (`no_match`): the stuffing tell. */
  unexplained: number;
}

/**
 * The failed challenges of [from, to) (enrollment confirmations excluded), read from the attempts
 * themselves, filtered on the same dimensions. Shared by every failure list, so they agree.
 */
const failedAttempts = (s: string, first: number) => `
  SELECT * FROM ${s}.attempts
  WHERE outcome = 'failed' AND completed_at >= $${first}::timestamptz AND completed_at < $${first + 1}::timestamptz
    AND reason NOT LIKE 'enrollment\\_%'
    AND ($${first + 2}::text IS NULL OR host(ip) = $${first + 2}) AND ($${first + 3}::text IS NULL OR ip_prefix::text = $${first + 3})
    AND ($${first + 4}::bigint IS NULL OR asn = $${first + 4}) AND ($${first + 5}::text IS NULL OR country = $${first + 5})
    AND ($${first + 6}::text IS NULL OR reason = $${first + 6}) AND ($${first + 7}::text IS NULL OR method = $${first + 7})
    AND ($${first + 8}::text IS NULL OR coalesce(pattern, '${UNDIAGNOSED}') = $${first + 8})`;

const filterValues = (r: TimeRange, f: FailureFilters = {}): unknown[] => {
  const range = checkRange(r);
  return [
    range.from,
    range.to,
    checkIp("ip", f.ip),
    checkPrefix("prefix", f.prefix),
    checkAsn("asn", f.asn),
    checkCountry("country", f.country),
    oneOf("reason", f.reason, FAILURE_REASONS),
    oneOf("method", f.method, CHALLENGE_METHODS),
    oneOf("pattern", f.pattern, PATTERN_VALUES),
  ];
};

/** Failed challenges in [from, to) grouped by one dimension, with filters; most failures first. */
export async function failuresGrouped(
  db: ReadDb,
  options: TimeRange & FraudPage & { by: FailureDimension; filters?: FailureFilters },
): Promise<Connection<FailureGroup>> {
  const key = oneOf("by", options.by, FAILURE_DIMENSIONS) ?? "ip";
  const values = filterValues(options, options.filters);
  const page = rankPage<FailureGroup>(
    options,
    (g) => g.failures,
    (g) => g.key,
  );
  const res = await db.query<Record<string, string | null>>(
    `SELECT * FROM (
       SELECT ${KEY[key]} AS key, ${key === "asn" ? "max(asn_name)" : "NULL"} AS name, count(*) AS failures,
         count(DISTINCT ip) AS distinct_ips, count(DISTINCT user_id) AS distinct_users,
         count(*) FILTER (WHERE pattern = 'no_match') AS unexplained
       FROM (${failedAttempts(schemaOf(db), 1)}) a GROUP BY 1
     ) g
     WHERE $10::bigint IS NULL OR g.failures < $10 OR (g.failures = $10 AND g.key COLLATE "C" > $11)
     ORDER BY g.failures DESC, g.key COLLATE "C" LIMIT $12`,
    [...values, page.rank, page.key, page.limit + 1],
  );
  return page.connection(
    res.rows.map((r) => ({
      key: r.key ?? "",
      name: r.name ?? null,
      failures: Number(r.failures),
      distinctIps: Number(r.distinct_ips),
      distinctUsers: Number(r.distinct_users),
      unexplained: Number(r.unexplained),
    })),
  );
}

export interface IpFailingForManyUsers {
  ip: string;
  distinctUsers: number;
  failures: number;
  country: string | null;
  asn: number | null;
  asnName: string | null;
}

/** IPs whose failures in [from, to) span at least `minUsers` distinct users; widest first. */
export async function ipsFailingForManyUsers(
  db: ReadDb,
  options: TimeRange & FraudPage & { minUsers?: number; filters?: FailureFilters },
): Promise<Connection<IpFailingForManyUsers>> {
  const values = filterValues(options, options.filters);
  const minUsers = checkCount("minUsers", options.minUsers, 2, 1_000_000);
  const page = rankPage<IpFailingForManyUsers>(
    options,
    (r) => r.distinctUsers,
    (r) => r.ip,
  );
  const res = await db.query<Record<string, string | null>>(
    `SELECT * FROM (
       SELECT host(ip) AS ip, count(DISTINCT user_id) AS users, count(*) AS failures,
         max(country) AS country, max(asn) AS asn, max(asn_name) AS asn_name
       FROM (${failedAttempts(schemaOf(db), 1)}) a WHERE ip IS NOT NULL
       GROUP BY 1 HAVING count(DISTINCT user_id) >= $10
     ) g
     WHERE $11::bigint IS NULL OR g.users < $11 OR (g.users = $11 AND g.ip COLLATE "C" > $12)
     ORDER BY g.users DESC, g.ip COLLATE "C" LIMIT $13`,
    [...values, minUsers, page.rank, page.key, page.limit + 1],
  );
  return page.connection(
    res.rows.map((r) => ({
      ip: r.ip ?? "",
      distinctUsers: Number(r.users),
      failures: Number(r.failures),
      country: r.country ?? null,
      asn: r.asn === null || r.asn === undefined ? null : Number(r.asn),
      asnName: r.asn_name ?? null,
    })),
  );
}
