/**
 * The IP throttle on two verifier instances sharing one PostgreSQL: an IP that failed for K
 * distinct users is answered rate_limited, with its /24, on both instances (after one sync),
 * while other IPs log in; the attempt is recorded as ChallengeFailed(rate_limited).
 */
import { userStreamId } from "@factorlens/event-store";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeTotp, auth, createHarness, type Harness, testConfig } from "../testing/harness";
import { networksOf } from "./ip-throttle";

const ENV = {
  FACTORLENS_IP_THROTTLE_ENABLED: "true",
  FACTORLENS_IP_THROTTLE_USERS: "3",
  FACTORLENS_IP_THROTTLE_WINDOW_MINUTES: "10",
  FACTORLENS_IP_THROTTLE_COOLDOWN_MINUTES: "30",
  FACTORLENS_RATE_LIMIT_SYNC_MS: "60000", // the test syncs itself (app.syncRateLimits)
};

let db: TestDatabase;
let a: Harness;
let b: Harness;
const users: Record<string, { code(): string }> = {};
beforeAll(async () => {
  db = await createTestDatabase("verifier_ip_throttle");
  const config = testConfig(ENV);
  a = await createHarness({ db, config });
  b = await createHarness({ db, store: a.store, config });
  for (const u of ["t1", "t2", "t3", "t4"]) users[u] = await activeTotp(a, u);
  b.clock.set(a.clock.now());
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  await db?.drop();
});

const verify = (h: Harness, userId: string, code: string, ip: string) =>
  h.app.inject({
    method: "POST",
    url: "/v1/verify",
    headers: auth("verify"),
    payload: { userId, code, context: { ip } },
  });

describe("the IP throttle", () => {
  it("groups an address with its /24 or /64", () => {
    const cfg = { ipv4PrefixBits: 24, ipv6PrefixBits: 64 };
    expect(networksOf("203.0.113.7", cfg)).toEqual(["203.0.113.7/32", "203.0.113.0/24"]);
    expect(networksOf("::ffff:203.0.113.7", cfg)).toEqual(["203.0.113.7/32", "203.0.113.0/24"]);
    expect(networksOf("2001:db8:1:2:3::9", cfg)).toEqual(["2001:db8:1:2:3::9/128", "2001:db8:1:2::/64"]);
    expect(networksOf("not an ip", cfg)).toEqual([]);
  });

  it("throttles an IP that failed for 3 users, with its /24, on both instances, for the cool-down", async () => {
    const bad = "203.0.113.7";
    for (const [h, u] of [
      [a, "t1"],
      [b, "t2"],
    ] as const) {
      expect((await verify(h, u, "000000", bad)).json()).toMatchObject({ reason: "invalid_code" });
      await h.app.drainBackground();
    }
    // two users: not yet
    expect((await verify(a, "t4", users.t4!.code(), bad)).json()).toMatchObject({ accepted: true });
    a.clock.advance(30_000);
    b.clock.advance(30_000);
    expect((await verify(a, "t3", "000000", bad)).json()).toMatchObject({ reason: "invalid_code" });
    await a.app.drainBackground();

    const neighbour = "203.0.113.99";
    const limited = await verify(a, "t4", users.t4!.code(), neighbour);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({
      accepted: false,
      reason: "rate_limited",
      retryAfterSeconds: 1800,
    });
    // another IP logs in as usual
    expect((await verify(a, "t4", users.t4!.code(), "198.51.100.1")).json()).toMatchObject({
      accepted: true,
    });
    // the other instance learns it at its next sync
    await b.app.syncRateLimits();
    expect((await verify(b, "t1", users.t1!.code(), bad)).statusCode).toBe(429);
    const recorded = (await a.store.readStream(userStreamId("t4")))
      .map((e) => e.data as { type: string; data: { reason?: string }; context?: { ip?: string } })
      .filter((e) => e.type === "ChallengeFailed" && e.data.reason === "rate_limited");
    expect(recorded.map((e) => e.context?.ip)).toEqual([neighbour]);
    expect(
      await a.metrics.registry.getSingleMetricAsString("factorlens_verifier_ip_throttled_total"),
    ).toMatch(/factorlens_verifier_ip_throttled_total 1\b/);

    a.clock.advance(31 * 60_000);
    b.clock.advance(31 * 60_000);
    expect((await verify(a, "t2", users.t2!.code(), bad)).json()).toMatchObject({ accepted: true });
  });
});
