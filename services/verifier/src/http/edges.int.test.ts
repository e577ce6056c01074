import { decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { createPostgresEventStore, userStreamId } from "@factorlens/event-store";
import { describe, expect, it } from "vitest";
import { auth, createHarness, post } from "../testing/harness";
import { useHarness } from "../testing/use-harness";

const h = useHarness({
  env: { FACTORLENS_RATE_LIMIT_PER_USER: "3", FACTORLENS_BODY_LIMIT_BYTES: "1024" },
});

describe("HTTP edges", () => {
  it("401 without or with an unknown key, 403 with the wrong scope, as problem+json", async () => {
    const none = await h.app.inject({
      method: "POST",
      url: "/v1/verify",
      payload: { userId: "u", code: "1" },
    });
    expect(none.statusCode).toBe(401);
    expect(none.headers["content-type"]).toMatch(/application\/problem\+json/);
    const bad = await h.app.inject({
      method: "POST",
      url: "/v1/verify",
      headers: { authorization: "Bearer not-a-key-at-all" },
      payload: { userId: "u", code: "1" },
    });
    expect(bad.statusCode).toBe(401);
    const wrong = await h.app.inject({
      method: "POST",
      url: "/v1/users/u/recovery-codes",
      headers: auth("verify"),
    });
    expect(wrong.statusCode).toBe(403);
  });

  it("400 naming each bad field, 400 for broken JSON, 413 for a big body, never a 500", async () => {
    const res = await post(h, "/v1/verify", { userId: "", code: 123456, extra: true });
    expect(res.statusCode).toBe(400);
    const fields = [...new Set((res.json().errors as { field: string }[]).map((e) => e.field))].sort();
    expect(fields).toEqual(["body", "body.code", "body.userId"]);
    expect(res.body).not.toContain("123456");
    const broken = await h.app.inject({
      method: "POST",
      url: "/v1/verify",
      headers: { ...auth("verify"), "content-type": "application/json" },
      payload: '{"userId":"u","code":"654321"',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).not.toContain("654321");
    const big = await post(h, "/v1/verify", { userId: "u", code: "1".repeat(5000) });
    expect(big.statusCode).toBe(413);
    const missing = await h.app.inject({ method: "POST", url: "/v1/verify", headers: auth("verify") });
    expect(missing.statusCode).toBe(400);
  });

  it("limits verifications per user with 429 and Retry-After", async () => {
    const tries = [];
    for (let i = 0; i < 4; i++) {
      tries.push(await post(h, "/v1/verify", { userId: "rl", code: "1" }));
    }
    expect(tries.map((r) => r.statusCode)).toEqual([404, 404, 404, 429]);
    expect(tries[3]?.json()).toMatchObject({ accepted: false, reason: "rate_limited" });
    expect(Number(tries[3]?.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("records the first rate-limited attempt of a window as ChallengeFailed(rate_limited), once", async () => {
    const P = { algorithm: "SHA1", digits: 6, period: 30 } as const;
    const e = (await post(h, "/v1/users/rl2/factors", { method: "totp" }, "enroll")).json();
    const code = totpCode(decodeBase32(e.secret), P, totpStep(h.clock.now(), 30));
    await post(h, `/v1/users/rl2/factors/${e.factorId}/confirm`, { code }, "enroll");
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const r = await post(h, "/v1/verify", { userId: "rl2", code: "000000" });
      statuses.push(r.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const failed = (await h.store.readStream(userStreamId("rl2"))).filter(
      (ev) => ev.type === "ChallengeFailed",
    );
    expect(failed.map((ev) => (ev.data.data as { reason: string }).reason)).toEqual([
      "code_mismatch",
      "code_mismatch",
      "code_mismatch",
      "rate_limited",
    ]);
  });

  it("limits requests per IP with 429 and Retry-After", async () => {
    const tight = await createHarness({ db: h.db, env: { FACTORLENS_RATE_LIMIT_PER_IP: "2" } });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) {
        const r = await post(tight, "/v1/verify", {});
        codes.push(r.statusCode);
        if (r.statusCode === 429) expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
      }
      expect(codes).toEqual([400, 400, 429]);
    } finally {
      await tight.close();
    }
  });

  it("health, readiness, metrics and the OpenAPI document are served", async () => {
    expect((await h.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    expect((await h.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
    const metrics = await h.app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.body).toContain("factorlens_verifier_http_request_duration_seconds_bucket");
    expect((await h.app.inject({ method: "GET", url: "/openapi.json" })).json().openapi).toBe("3.1.0");
  });
});

describe("event store unavailable", () => {
  it("fails closed: 503 with Retry-After, nothing accepted, readiness false", async () => {
    const store = await createPostgresEventStore({
      connectionString: "postgres://postgres@127.0.0.1:1/nowhere",
      migrate: false,
      notifyChannel: null,
      callTimeoutMs: 1000,
    });
    const down = await createHarness({ store, db: h.db });
    try {
      const verify = await post(down, "/v1/verify", { userId: "u1", code: "123456" });
      expect(verify.statusCode).toBe(503);
      expect(verify.headers["retry-after"]).toBeDefined();
      expect(verify.json()).not.toHaveProperty("accepted");
      const enroll = await post(down, "/v1/users/u1/factors", { method: "totp" }, "enroll");
      expect(enroll.statusCode).toBe(503);
      expect(enroll.body).not.toContain("otpauth");
      expect((await down.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(503);
    } finally {
      await down.close();
      await store.close();
    }
  });

  it("answers /readyz 503 within ~2 s, naming the event store, when the store hangs instead of failing", async () => {
    const hanging = Object.assign(Object.create(h.store) as typeof h.store, {
      streamRevision: () => new Promise<never>(() => {}), // a stalled database: no answer at all
    });
    const stalled = await createHarness({ store: hanging, db: h.db });
    try {
      const started = Date.now();
      const res = await stalled.app.inject({ method: "GET", url: "/readyz" });
      expect(res.statusCode).toBe(503);
      expect(res.json().detail).toMatch(/event store/);
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await stalled.close();
    }
  });
});
