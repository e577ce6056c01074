/**
 * Two verifier instances on one database share their rate-limit counts through
 * verifier.rate_limit_counts: a user spread over both gets one limit, not one per instance.
 */
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresRateLimitExchange } from "../db/rate-limit-exchange";
import { auth, createHarness, type Harness } from "../testing/harness";

let db: TestDatabase;
let a: Harness;
let b: Harness;
beforeAll(async () => {
  db = await createTestDatabase("verifier_shared_rl");
  // A long sync interval: the test runs each exchange itself (app.syncRateLimits).
  const env = { FACTORLENS_RATE_LIMIT_PER_USER: "4", FACTORLENS_RATE_LIMIT_SYNC_MS: "60000" };
  a = await createHarness({ db, env, rateLimitInstance: "instance-a" });
  b = await createHarness({ db, store: a.store, env, rateLimitInstance: "instance-b" });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  await db?.drop();
});

const verify = (h: Harness, userId: string) =>
  h.app.inject({
    method: "POST",
    url: "/v1/verify",
    headers: auth("verify"),
    payload: { userId, code: "123456" },
  });

describe("shared rate limits", () => {
  it("limits a user whose attempts are spread over two instances once the counts are exchanged", async () => {
    const onA = [];
    for (let i = 0; i < 4; i++) onA.push((await verify(a, "spread")).statusCode);
    expect(onA).toEqual([404, 404, 404, 404]); // unknown user, but counted
    await a.app.syncRateLimits();
    expect((await verify(b, "spread")).statusCode).toBe(404); // b had not seen the user: the bounded overshoot
    await b.app.syncRateLimits();
    const limited = await verify(b, "spread");
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ accepted: false, reason: "rate_limited" });
    // Another user is untouched.
    expect((await verify(b, "other")).statusCode).toBe(404);
  });

  it("stores each instance's count once per key and window, and drops past windows", async () => {
    const x = createPostgresRateLimitExchange(db.pool, { scope: "t", instanceId: "x" });
    const y = createPostgresRateLimitExchange(db.pool, { scope: "t", instanceId: "y" });
    const z = createPostgresRateLimitExchange(db.pool, { scope: "t", instanceId: "z" });
    expect(await x.exchange(7, new Map([["k", 2]]))).toEqual(new Map());
    await x.exchange(7, new Map([["k", 5]])); // the count so far replaces the stored one
    await y.exchange(7, new Map([["k", 1]]));
    expect(
      await z.exchange(
        7,
        new Map([
          ["k", 1],
          ["q", 1],
        ]),
      ),
    ).toEqual(new Map([["k", 6]]));
    await z.exchange(8, new Map([["k", 1]])); // a new window: z deletes window 7 of scope t
    const rows = await db.pool.query(
      "SELECT win, instance FROM verifier.rate_limit_counts WHERE scope = 't' ORDER BY win",
    );
    expect(rows.rows).toEqual([{ win: "8", instance: "z" }]);
  });
});
