import { ReadModelsError } from "../errors";

type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;
/** A row type with camelCase keys (what queries return). */
export type Camelize<T> = { [K in keyof T as CamelCase<K & string>]: T[K] };

const camelKey = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export const camelize = <T extends object>(row: T): Camelize<T> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [camelKey(k), v])) as Camelize<T>;

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
}

/**
 * The one page rule, from SQL to GraphQL: a page holds 1..MAX_PAGE rows, DEFAULT_PAGE when the
 * caller does not say. The read models refuse anything else; the API's validation names the cap.
 */
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

export const pageSize = (first: number | undefined | null): number => {
  const n = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
    throw new ReadModelsError("invalid_argument", `page size must be an integer in 1..${MAX_PAGE}`);
  }
  return n;
};

/** Opaque keyset cursor: base64url of [timestamp text, tie-breaker]. */
export const encodeCursor = (at: string, id: string | number): string =>
  Buffer.from(JSON.stringify([at, id])).toString("base64url");

export const decodeCursor = (cursor: string): [string, string | number] => {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === "string" &&
      !Number.isNaN(Date.parse(v[0])) &&
      (typeof v[1] === "string" || typeof v[1] === "number")
    ) {
      return [v[0], v[1]];
    }
  } catch {
    // fall through
  }
  throw new ReadModelsError("invalid_cursor", "cursor does not decode");
};

/** Builds a page from `limit + 1` rows fetched newest first. */
export const toConnection = <R, N>(
  rows: R[],
  limit: number,
  node: (r: R) => N,
  cursor: (r: R) => string,
): Connection<N> => {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    edges: page.map((r) => ({ cursor: cursor(r), node: node(r) })),
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last === undefined ? null : cursor(last) },
  };
};

export const isoOrNull = (d: Date | string | undefined | null): string | null =>
  d === undefined || d === null ? null : new Date(d).toISOString();
