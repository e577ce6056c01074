/**
 * PostgreSQL goes away under a serving verifier (fast shutdown of a dedicated cluster, never the
 * shared one), then comes back on the same port and data. While it is down nothing is accepted and
 * readiness fails; afterwards the same verifier instance serves again, and what the store decided
 * before the outage (a spent code, a failure count) is exactly what it decides after.
 */
import { fromStoredEvent } from "@factorlens/domain";
import { userStreamId } from "@factorlens/event-store";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type PgCluster, startPgCluster } from "./pg-cluster";
import { startVerifier, type VerifierFixture } from "./verifier-fixture";

let cluster: PgCluster;
let v: VerifierFixture;

beforeAll(async () => {
  cluster = await startPgCluster();
  v = await startVerifier(cluster.url);
});
afterAll(async () => {
  await v?.close();
  cluster?.destroy();
});

const failures = async (userId: string) =>
  (await v.store.readStream(userStreamId(userId)))
    .map(fromStoredEvent)
    .flatMap((e) => (e.type === "ChallengeFailed" ? [e.data.consecutiveFailures] : []));

describe("PostgreSQL outage under a serving verifier", () => {
  it("answers 503 (never accepted) while it is down, and after it is back keeps replay and lockout exact", async () => {
    const alice = await v.activeTotp("alice");
    const bob = await v.activeTotp("bob");
    const spent = alice.code();
    expect((await v.verify("alice", spent)).json()).toMatchObject({ accepted: true });
    for (let i = 0; i < 3; i++) {
      expect((await v.verify("bob", "000000")).json()).toMatchObject({ reason: "invalid_code" });
    }
    expect((await v.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);

    await cluster.stop();

    v.clock.advance(30_000); // a fresh step: alice's next code would be accepted if anything were
    const attempts = [
      ["alice", alice.code()],
      ["alice", spent],
      ["bob", bob.code()],
      ["bob", "000000"],
      ["bob", "000000"],
      ["bob", "000000"],
    ] as const;
    for (const [userId, code] of attempts) {
      const res = await v.verify(userId, code);
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
      expect(res.json()).toMatchObject({ status: 503 });
      expect(res.json().accepted).toBeUndefined();
    }
    const notReady = await v.app.inject({ method: "GET", url: "/readyz" });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.headers["retry-after"]).toBeDefined();

    await cluster.start();
    await vi.waitFor(
      async () => expect((await v.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200),
      { timeout: 20_000, interval: 100 },
    );

    // The code accepted before the outage is still spent; a fresh one is accepted, once.
    expect((await v.verify("alice", spent)).json()).toMatchObject({
      accepted: false,
      reason: "invalid_code",
    });
    const fresh = alice.code();
    expect((await v.verify("alice", fresh)).json()).toMatchObject({ accepted: true });
    expect((await v.verify("alice", fresh)).json()).toMatchObject({ accepted: false });

    // Bob had 3 failures; none of the 503s counted: the 4th is a plain failure, the 5th locks him out.
    expect((await v.verify("bob", "000000")).json()).toMatchObject({ reason: "invalid_code" });
    const fifth = await v.verify("bob", "000000");
    expect(fifth.json()).toMatchObject({ accepted: false, retryAfterSeconds: 60 });
    expect((await v.verify("bob", bob.code())).json()).toMatchObject({ accepted: false, reason: "locked" });
    expect((await failures("bob")).slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it("answers verifications in flight when it stops either accepted and durable, or 503", async () => {
    const users = ["carol", "dan", "erin", "frank", "gina", "hugo", "ines", "jon"];
    const factors = new Map<string, { code(offsetSteps?: number): string }>();
    for (const u of users) factors.set(u, await v.activeTotp(u));
    const codes = new Map(users.map((u) => [u, factors.get(u)?.code() ?? ""]));
    await vi.waitFor(
      async () => expect((await v.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200),
      { timeout: 20_000, interval: 100 },
    );

    // Each user sends its valid code in a loop of requests while the database stops under them.
    const outcomes = new Map<string, number[]>();
    let stopping = true;
    const stopped = cluster.stop().finally(() => {
      stopping = false;
    });
    await Promise.all(
      users.map(async (u) => {
        const seen: number[] = [];
        outcomes.set(u, seen);
        do {
          const res = await v.verify(u, codes.get(u) ?? "");
          const accepted = res.statusCode === 200 && res.json().accepted === true;
          expect([200, 503], res.body).toContain(res.statusCode);
          if (res.statusCode === 503) expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
          seen.push(accepted ? 1 : res.statusCode === 503 ? 503 : 0);
        } while (stopping);
      }),
    );
    await stopped;
    await cluster.start();
    await vi.waitFor(
      async () => expect((await v.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200),
      { timeout: 20_000, interval: 100 },
    );

    for (const u of users) {
      const seen = outcomes.get(u) ?? [];
      // A code is accepted at most once, and an acceptance that was answered is in the store.
      expect(seen.filter((o) => o === 1).length).toBeLessThanOrEqual(1);
      const passed = (await v.store.readStream(userStreamId(u)))
        .map(fromStoredEvent)
        .filter((e) => e.type === "ChallengePassed").length;
      if (seen.includes(1)) expect(passed).toBe(1);
      expect(passed).toBeLessThanOrEqual(1);
      // Now the code is accepted again only if nothing recorded it: a code is spent exactly once.
      const again = (await v.verify(u, codes.get(u) ?? "")).json();
      expect(again.accepted).toBe(passed === 0);
    }
    expect([...outcomes.values()].flat()).toContain(503);
  });
});
