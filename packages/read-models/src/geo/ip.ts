import { isIPv4, isIPv6 } from "node:net";

export type ParsedIp = { family: 4; value: number } | { family: 6; value: bigint };

const ipv4ToNumber = (ip: string): number => ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);

/** Expands an IPv6 text form (with `::` and an optional embedded IPv4 tail) to 8 hextets. */
const ipv6Hextets = (ip: string): number[] => {
  let text = ip.split("%")[0] ?? ip;
  const v4Tail = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4Tail?.[1]) {
    const n = ipv4ToNumber(v4Tail[1]);
    text = `${text.slice(0, -v4Tail[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const h = head === "" ? [] : head.split(":");
  const t = tail === undefined || tail === "" ? [] : tail.split(":");
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((x) => Number.parseInt(x, 16));
};

export const parseIp = (ip: string): ParsedIp | null => {
  if (isIPv4(ip)) return { family: 4, value: ipv4ToNumber(ip) };
  if (isIPv6(ip)) {
    const hextets = ipv6Hextets(ip);
    return { family: 6, value: hextets.reduce((acc, h) => (acc << 16n) | BigInt(h), 0n) };
  }
  return null;
};

const prefixes = new Map<string, string | null>();

/** The network an IP belongs to for fraud rollups: /24 for IPv4, /48 for IPv6 (memoised, bounded). */
export const ipPrefix = (ip: string): string | null => {
  let p = prefixes.get(ip);
  if (p === undefined) {
    p = computePrefix(ip);
    if (prefixes.size >= 50_000) prefixes.clear();
    prefixes.set(ip, p);
  }
  return p;
};

const computePrefix = (ip: string): string | null => {
  if (isIPv4(ip)) {
    const [a, b, c] = ip.split(".");
    return `${Number(a)}.${Number(b)}.${Number(c)}.0/24`;
  }
  if (isIPv6(ip)) {
    const [a, b, c] = ipv6Hextets(ip);
    return `${(a ?? 0).toString(16)}:${(b ?? 0).toString(16)}:${(c ?? 0).toString(16)}::/48`;
  }
  return null;
};
