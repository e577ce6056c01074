import { isIP } from "node:net";
import { CHALLENGE_FAILURE_REASONS, ChallengeMethodSchema, MISMATCH_PATTERNS } from "@factorlens/domain";
import { ReadModelsError } from "../errors";
import { type Connection, MAX_PAGE } from "./common";

/** Exact: every attempt with from <= t < to counts, to the microsecond (no buckets). */
export interface TimeRange {
  /** ISO-8601, inclusive. */
  from: string;
  /** ISO-8601, exclusive. */
  to: string;
}

/** `first` rows after the `after` cursor of the previous page (1..MAX_PAGE, default DEFAULT_PAGE). */
export interface FraudPage {
  first?: number;
  after?: string | null;
}

/** A failure that no diagnosis has explained yet (no MismatchDiagnosed, or none applies). */
export const UNDIAGNOSED = "undiagnosed";

const bad = (field: string, why: string): never => {
  throw new ReadModelsError("invalid_argument", `${field}: ${why}`);
};

export const checkRange = (r: TimeRange): TimeRange => {
  const from = Date.parse(r.from);
  const to = Date.parse(r.to);
  if (Number.isNaN(from)) bad("from", "not an ISO-8601 time");
  if (Number.isNaN(to)) bad("to", "not an ISO-8601 time");
  if (!(from < to)) bad("to", "must be after from");
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
};

/** One value of a closed set, or null when absent. The message names the field and the set. */
export const oneOf = <T extends string>(
  field: string,
  value: string | null | undefined,
  allowed: readonly T[],
): T | null => {
  if (value === undefined || value === null) return null;
  return (allowed as readonly string[]).includes(value)
    ? (value as T)
    : bad(field, `unknown value (one of ${allowed.join(", ")})`);
};

export const FAILURE_REASONS = CHALLENGE_FAILURE_REASONS;
export const CHALLENGE_METHODS = ChallengeMethodSchema.options;
export const PATTERN_VALUES = [...MISMATCH_PATTERNS, UNDIAGNOSED] as const;

export const checkIp = (field: string, v: string | null | undefined): string | null =>
  v == null ? null : isIP(v) ? v : bad(field, "not an IP address");

export const checkPrefix = (field: string, v: string | null | undefined): string | null => {
  if (v == null) return null;
  const [ip = "", bits = "", extra] = v.split("/");
  const n = Number(bits);
  const max = isIP(ip) === 4 ? 32 : isIP(ip) === 6 ? 128 : -1;
  return extra === undefined && /^\d+$/.test(bits) && n <= max ? v : bad(field, "not a CIDR prefix");
};

export const checkCountry = (field: string, v: string | null | undefined): string | null =>
  v == null ? null : /^[A-Z]{2}$/.test(v) ? v : bad(field, "not an ISO 3166-1 alpha-2 code");

export const checkAsn = (field: string, v: number | null | undefined): number | null =>
  v == null ? null : Number.isInteger(v) && v >= 0 && v <= 4_294_967_295 ? v : bad(field, "not an AS number");

export const checkCount = (field: string, v: number | undefined, fallback: number, max: number): number => {
  const n = v ?? fallback;
  return Number.isInteger(n) && n >= 1 && n <= max ? n : bad(field, `must be an integer in 1..${max}`);
};

export const checkShare = (field: string, v: number | undefined, fallback: number): number => {
  const n = v ?? fallback;
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : bad(field, "must be in 0..1");
};

/**
 * Aggregates are ranked by one count (descending) then their key (ascending, byte order); the
 * cursor is the last row's [count, key]. A page is recomputed from the rows, so events projected
 * between two pages can move a group across the boundary (ranks, unlike timestamps, change).
 */
export const encodeRank = (rank: number, key: string): string =>
  Buffer.from(JSON.stringify([rank, key])).toString("base64url");

export const decodeRank = (cursor: string | null | undefined): { rank: number; key: string } | null => {
  if (cursor == null) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === 2 && Number.isInteger(v[0]) && typeof v[1] === "string")
      return { rank: v[0] as number, key: v[1] };
  } catch {
    // fall through
  }
  return bad("after", "cursor does not decode");
};

/** The page size, the decoded cursor, and a builder of the connection from `limit + 1` rows. */
export const rankPage = <N>(page: FraudPage, rankOf: (n: N) => number, keyOf: (n: N) => string) => {
  const limit = checkCount("first", page.first, 50, MAX_PAGE);
  const after = decodeRank(page.after);
  return {
    limit,
    rank: after?.rank ?? null,
    key: after?.key ?? null,
    connection: (rows: N[]): Connection<N> => {
      const nodes = rows.slice(0, limit);
      const cursor = (n: N) => encodeRank(rankOf(n), keyOf(n));
      const last = nodes.at(-1);
      return {
        edges: nodes.map((node) => ({ cursor: cursor(node), node })),
        pageInfo: { hasNextPage: rows.length > limit, endCursor: last === undefined ? null : cursor(last) },
      };
    },
  };
};
