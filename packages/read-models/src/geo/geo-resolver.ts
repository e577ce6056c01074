import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { BlockList } from "node:net";
import { dirname, join } from "node:path";
import { Reader, type Response } from "mmdb-lib";
import { AsnTable } from "./asn-table";
import { parseIp } from "./ip";

export interface GeoAnswer {
  country: string | null;
  asn: number | null;
  /** The network's name as registered (AS60729 → its holder's name). */
  asnName: string | null;
}

/** IP → country, ASN and network name, from local data only (no network at run time). */
export interface GeoResolver {
  lookup(ip: string): GeoAnswer;
  /** The name of an AS number (for a context that names the ASN itself). */
  asnName(asn: number): string | null;
}

const require = createRequire(import.meta.url);
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

/**
 * Country from `@ip-location-db/geo-whois-asn-country-mmdb` (CC0) through an mmdb reader: the
 * file's 7.8 MB are the index, searched in place (no parse). ASN and name from
 * `@ip-location-db/asn` (CC-BY-4.0, RouteViews + DB-IP) as compact typed arrays, read at the
 * first lookup. Figures next to the former CSV tables: `pnpm --filter @factorlens/read-models bench:geo`.
 */
export const createIpLocationDbResolver = (): GeoResolver => {
  let tables: { country: Reader<Response>; asns: AsnTable } | null = null;
  const load = () => {
    if (tables) return tables;
    const dir = packageDir("@ip-location-db/asn");
    tables = {
      country: new Reader<Response>(
        readFileSync(
          join(packageDir("@ip-location-db/geo-whois-asn-country-mmdb"), "geo-whois-asn-country.mmdb"),
        ),
      ),
      asns: new AsnTable(join(dir, "asn-ipv4-num.csv"), join(dir, "asn-ipv6-num.csv")),
    };
    return tables;
  };
  // Logins come from few IPs compared with events: remember answers (bounded: cleared when full).
  const seen = new Map<string, GeoAnswer>();
  return {
    lookup(ip) {
      const hit = seen.get(ip);
      if (hit) return { ...hit };
      const parsed = parseIp(ip);
      if (!parsed || LOCAL.check(ip, parsed.family === 4 ? "ipv4" : "ipv6"))
        return { country: null, asn: null, asnName: null };
      const t = load();
      const network = parsed.family === 4 ? t.asns.lookupV4(parsed.value) : t.asns.lookupV6(parsed.value);
      const record = t.country.get(ip) as { country_code?: string } | null;
      const answer = { country: record?.country_code ?? null, ...network };
      if (seen.size >= LOOKUP_CACHE_SIZE) seen.clear();
      seen.set(ip, answer);
      return { ...answer };
    },
    asnName: (asn) => load().asns.nameOf(asn),
  };
};

const LOOKUP_CACHE_SIZE = 50_000;

/** Private, loopback, link-local and shared ranges: no country (the databases place some oddly). */
const LOCAL = new BlockList();
for (const [net, bits] of [
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["127.0.0.0", 8],
  ["100.64.0.0", 10],
  ["169.254.0.0", 16],
] as const)
  LOCAL.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["fc00::", 7],
  ["fe80::", 10],
  ["::1", 128],
] as const)
  LOCAL.addSubnet(net, bits, "ipv6");

/** A resolver that knows nothing: rows then keep only what the event's context carries. */
export const nullGeoResolver: GeoResolver = {
  lookup: () => ({ country: null, asn: null, asnName: null }),
  asnName: () => null,
};
