/**
 * The IP throttle: an IP, or its network (/24, /64 by default), that failed for K distinct users
 * within W minutes gets `rate_limited` answers for a cool-down, on every verifier instance.
 * The request path only looks into an in-memory copy of the throttled networks (no database
 * round trip on any verify); a failure is recorded off the response path, and `sync()` (run every
 * few hundred ms, like the shared rate limits) takes the other instances' throttles. An instance
 * learns of another's throttle within one sync; a failing store leaves the throttle as it was.
 */
import ipaddr from "ipaddr.js";
import type { Logger } from "pino";
import type { IpThrottleStore } from "../app/ports";
import type { IpThrottleConfig } from "../config";

export interface IpThrottle {
  /** Seconds until the IP's (or its network's) throttle ends, or null when it is not throttled. */
  check(ip: string | undefined): number | null;
  /** True the first time this (IP, user) is refused in a cool-down: record that one attempt. */
  firstRefusal(ip: string, userId: string): boolean;
  /** A failed attempt of `userId` from `ip`: recorded in the background. */
  failed(ip: string | undefined, userId: string): void;
  sync(): Promise<void>;
  /** Settles the failures being recorded. */
  drain(): Promise<void>;
  close(): void;
}

/** The IP itself and its network, as CIDR strings (IPv4-mapped IPv6 counts as IPv4). */
export const networksOf = (ip: string, cfg: Pick<IpThrottleConfig, "ipv4PrefixBits" | "ipv6PrefixBits">) => {
  if (!ipaddr.isValid(ip)) return [];
  let addr = ipaddr.parse(ip);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress())
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  if (addr.kind() === "ipv4") {
    const net = ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${cfg.ipv4PrefixBits}`);
    return [`${addr.toString()}/32`, `${net.toString()}/${cfg.ipv4PrefixBits}`];
  }
  const net = ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${cfg.ipv6PrefixBits}`);
  return [`${addr.toString()}/128`, `${net.toString()}/${cfg.ipv6PrefixBits}`];
};

export function createIpThrottle(opts: {
  config: IpThrottleConfig;
  store: IpThrottleStore;
  now: () => number;
  logger: Logger;
  syncEveryMs: number;
}): IpThrottle {
  const { config, store, now } = opts;
  /** network → end of its throttle (ms). */
  const until = new Map<string, number>();
  const refused = new Set<string>();
  let pending: Promise<void> = Promise.resolve();
  const warn = (e: unknown, msg: string) => opts.logger.warn({ err: { type: (e as Error)?.name } }, msg);

  const remaining = (ip: string): number | null => {
    if (until.size === 0) return null; // the usual case: nothing throttled, nothing parsed
    const t = now();
    let end = 0;
    for (const n of networksOf(ip, config)) {
      const u = until.get(n);
      if (u === undefined) continue;
      if (u <= t) until.delete(n);
      else end = Math.max(end, u);
    }
    return end > t ? Math.max(1, Math.ceil((end - t) / 1000)) : null;
  };

  const record = async (ip: string, userId: string) => {
    const networks = networksOf(ip, config);
    if (networks.length === 0) return;
    const t = now();
    const users = await store.recordFailure(
      networks,
      userId,
      new Date(t),
      new Date(t - config.windowMinutes * 60_000),
    );
    const over = networks.filter((_, i) => (users[i] ?? 0) >= config.users);
    if (over.length === 0) return;
    const end = t + config.coolDownMinutes * 60_000;
    for (const n of over) until.set(n, Math.max(until.get(n) ?? 0, end));
    await store.throttle(over, new Date(end));
  };

  const sync = async () => {
    const active = await store.throttled(new Date(now()));
    for (const [n, end] of active) until.set(n, Math.max(until.get(n) ?? 0, end.getTime()));
    if (until.size === 0) refused.clear();
  };
  const timer = setInterval(
    () => void sync().catch((e) => warn(e, "IP throttle sync failed")),
    opts.syncEveryMs,
  );
  timer.unref();

  return {
    check: (ip) => (ip === undefined ? null : remaining(ip)),
    firstRefusal(ip, userId) {
      const key = `${ip} ${userId}`;
      if (refused.has(key)) return false;
      if (refused.size >= 100_000) refused.clear();
      refused.add(key);
      return true;
    },
    failed(ip, userId) {
      if (ip === undefined) return;
      pending = pending.then(() => record(ip, userId).catch((e) => warn(e, "IP failure not recorded")));
    },
    sync,
    drain: () => pending,
    close: () => clearInterval(timer),
  };
}
