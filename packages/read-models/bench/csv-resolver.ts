import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type ParsedIp, parseIp } from "../src/geo/ip";
import { findRange } from "../src/geo/ranges";

/**
 * The BASELINE of bench/geo.ts: a resolver that parses the CSV into string
 * and BigInt arrays at the first lookup, instead of reading the mmdb. Kept here only to measure against.
 */
interface GeoResolver {
  lookup(ip: string): { country: string | null; asn: number | null };
}

interface RangeTable<T> {
  v4Start: Float64Array;
  v4End: Float64Array;
  v4Value: T[];
  v6Start: bigint[];
  v6End: bigint[];
  v6Value: T[];
}

const require = createRequire(import.meta.url);
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

/** Reads `start,end,value,...` lines (the `-num` CSVs of @ip-location-db, sorted by start). */
const readRanges = <T>(file: string, toValue: (field: string) => T) => {
  const lines = readFileSync(file, "utf8").split("\n");
  const starts: string[] = [];
  const ends: string[] = [];
  const values: T[] = [];
  for (const line of lines) {
    const a = line.indexOf(",");
    const b = line.indexOf(",", a + 1);
    if (a < 0 || b < 0) continue;
    const c = line.indexOf(",", b + 1);
    starts.push(line.slice(0, a));
    ends.push(line.slice(a + 1, b));
    values.push(toValue(line.slice(b + 1, c < 0 ? undefined : c).trim()));
  }
  return { starts, ends, values };
};

const loadTable = <T>(dir: string, base: string, toValue: (field: string) => T): RangeTable<T> => {
  const v4 = readRanges(join(dir, `${base}-ipv4-num.csv`), toValue);
  const v6 = readRanges(join(dir, `${base}-ipv6-num.csv`), toValue);
  return {
    v4Start: Float64Array.from(v4.starts, Number),
    v4End: Float64Array.from(v4.ends, Number),
    v4Value: v4.values,
    v6Start: v6.starts.map(BigInt),
    v6End: v6.ends.map(BigInt),
    v6Value: v6.values,
  };
};

/** The value of the range containing `x`, or null. */
const find = <N extends number | bigint, T>(starts: ArrayLike<N>, ends: ArrayLike<N>, values: T[], x: N) => {
  const hit = findRange(starts, ends, x);
  return hit >= 0 ? (values[hit] ?? null) : null;
};

const search = <T>(t: RangeTable<T>, ip: ParsedIp): T | null =>
  ip.family === 4
    ? find(t.v4Start, t.v4End, t.v4Value, ip.value)
    : find(t.v6Start, t.v6End, t.v6Value, ip.value);

/**
 * Country from `@ip-location-db/asn-country` (CC0), ASN from `@ip-location-db/asn` (CC-BY-4.0,
 * RouteViews + DB-IP). Loaded once, lazily (~1–2 s, ~60 MB of CSV); lookups are binary searches.
 */
export const createCsvResolver = (): GeoResolver => {
  let tables: { country: RangeTable<string>; asn: RangeTable<number> } | null = null;
  const load = () => {
    tables ??= {
      country: loadTable(packageDir("@ip-location-db/asn-country"), "asn-country", (v) => v),
      asn: loadTable(packageDir("@ip-location-db/asn"), "asn", Number),
    };
    return tables;
  };
  // Logins come from few IPs compared with events: remember answers (bounded: cleared when full).
  const seen = new Map<string, { country: string | null; asn: number | null }>();
  return {
    lookup(ip) {
      const hit = seen.get(ip);
      if (hit) return { ...hit };
      const parsed = parseIp(ip);
      if (!parsed) return { country: null, asn: null };
      const t = load();
      const answer = { country: search(t.country, parsed), asn: search(t.asn, parsed) };
      if (seen.size >= LOOKUP_CACHE_SIZE) seen.clear();
      seen.set(ip, answer);
      return { ...answer };
    },
  };
};

const LOOKUP_CACHE_SIZE = 50_000;
