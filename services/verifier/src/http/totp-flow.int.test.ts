import { decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { userStreamId } from "@factorlens/event-store";
import { describe, expect, it } from "vitest";
import { auth, createHarness, del, post } from "../testing/harness";
import { useHarness } from "../testing/use-harness";

const P = { algorithm: "SHA1", digits: 6, period: 30 } as const;
const h = useHarness();

async function enrollTotp(userId: string) {
  const res = await post(h, `/v1/users/${userId}/factors`, { method: "totp" }, "enroll");
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json();
  const secret = decodeBase32(body.secret);
  const code = (offsetSteps = 0) => totpCode(secret, P, totpStep(h.clock.now(), 30) + offsetSteps);
  return { factorId: body.factorId as string, body, code };
}

async function activeTotp(userId: string) {
  const f = await enrollTotp(userId);
  const res = await post(
    h,
    `/v1/users/${userId}/factors/${f.factorId}/confirm`,
    { code: f.code() },
    "enroll",
  );
  expect(res.json()).toMatchObject({ confirmed: true });
  h.clock.advance(30_000);
  return f;
}

describe("TOTP: enroll → confirm → verify", () => {
  it("returns the secret once with an otpauth URI and an SVG QR code", async () => {
    const { body } = await enrollTotp("alice");
    expect(body.otpauthUri).toMatch(/^otpauth:\/\/totp\/factorlens:alice\?/);
    expect(body.qrSvg).toMatch(/^<svg/);
    expect(body.status).toBe("pending");
  });

  it("activates on the first correct code, accepts a code once and rejects its replay", async () => {
    const f = await enrollTotp("bob");
    const wrong = await post(h, `/v1/users/bob/factors/${f.factorId}/confirm`, { code: "000000" }, "enroll");
    expect(wrong.json().confirmed).toBe(false);
    const before = await post(h, "/v1/verify", { userId: "bob", code: f.code() });
    expect(before.json()).toMatchObject({ accepted: false, reason: "no_active_factor" });
    const ok = await post(h, `/v1/users/bob/factors/${f.factorId}/confirm`, { code: f.code() }, "enroll");
    expect(ok.json()).toEqual({ factorId: f.factorId, confirmed: true });

    h.clock.advance(30_000);
    const code = f.code();
    const first = await post(h, "/v1/verify", { userId: "bob", code, attemptId: "att-1" });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ accepted: true, attemptId: "att-1", method: "totp" });
    const replay = await post(h, "/v1/verify", { userId: "bob", code });
    expect(replay.json()).toMatchObject({ accepted: false, reason: "invalid_code" });
  });

  it("accepts exactly one of two concurrent submissions of the same valid code", async () => {
    const f = await activeTotp("carol");
    const code = f.code();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => post(h, "/v1/verify", { userId: "carol", code })),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.json().accepted === true)).toHaveLength(1);
    const events = await h.store.readStream(userStreamId("carol"));
    expect(events.filter((e) => e.type === "ChallengePassed")).toHaveLength(1);
  });

  it("accepts exactly once across two verifier instances sharing the store (each with its own cache)", async () => {
    const f = await activeTotp("carl");
    const other = await createHarness({ db: h.db, config: h.config });
    try {
      other.clock.set(h.clock.now());
      // warm both caches, then race the same code through both instances
      await post(h, "/v1/verify", { userId: "carl", code: "000000" });
      await other.app.inject({
        method: "POST",
        url: "/v1/verify",
        headers: auth("verify"),
        payload: { userId: "carl", code: "000001" },
      });
      const code = f.code();
      const results = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          (i % 2 === 0 ? h.app : other.app).inject({
            method: "POST",
            url: "/v1/verify",
            headers: auth("verify"),
            payload: { userId: "carl", code },
          }),
        ),
      );
      expect(results.filter((r) => r.json().accepted === true)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it("locks out after 5 wrong codes with Retry-After, survives a restart, and backs off longer the second time", async () => {
    const f = await activeTotp("dave");
    for (let i = 0; i < 4; i++) {
      expect((await post(h, "/v1/verify", { userId: "dave", code: "000000" })).json().reason).toBe(
        "invalid_code",
      );
    }
    const fifth = await post(h, "/v1/verify", { userId: "dave", code: "000000" });
    expect(fifth.json().retryAfterSeconds).toBe(60);
    expect(fifth.headers["retry-after"]).toBe("60");

    // A second verifier on the same store (a restart) sees the lock: the count lives in the stream.
    const restarted = await createHarness({ db: h.db, config: h.config });
    restarted.clock.set(h.clock.now());
    const locked = await restarted.app.inject({
      method: "POST",
      url: "/v1/verify",
      headers: auth("verify"),
      payload: { userId: "dave", code: f.code() },
    });
    expect(locked.json()).toMatchObject({ accepted: false, reason: "locked" });
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
    await restarted.close();

    h.clock.advance(61_000);
    for (let i = 0; i < 5; i++) await post(h, "/v1/verify", { userId: "dave", code: "000000" });
    const again = await post(h, "/v1/verify", { userId: "dave", code: f.code() });
    expect(again.json()).toMatchObject({ reason: "locked", retryAfterSeconds: 300 });
  });

  it("runs the diagnosis off the response path and records it linked to the attempt, never in the response", async () => {
    const f = await activeTotp("erin");
    const skewed = f.code(-4); // the phone is two minutes behind
    const res = await post(h, "/v1/verify", { userId: "erin", code: skewed, attemptId: "att-e1" });
    expect(res.json()).toEqual({
      accepted: false,
      attemptId: "att-e1",
      method: "totp",
      reason: "invalid_code",
    });
    expect(res.body).not.toMatch(/skew|diagnos|pattern/i);
    await h.app.drainBackground();
    const events = await h.store.readStream(userStreamId("erin"));
    const diagnosed = events.find((e) => e.type === "MismatchDiagnosed");
    expect(diagnosed?.data).toMatchObject({
      data: { attemptId: "att-e1", diagnosis: { pattern: "clock_skew" } },
    });
    // recorded by the verifier's diagnosis, caused by the failure it explains
    const failed = events.find((e) => e.type === "ChallengeFailed");
    expect(failed).toBeDefined();
    expect(diagnosed?.data).toMatchObject({
      actor: { kind: "system", component: "verifier-diagnosis" },
      causationId: failed?.id,
      correlationId: failed?.data.correlationId,
    });
  });
});

describe("disable rules", () => {
  it("needs a fresh verification for an enroll client; an admin client may always", async () => {
    const f = await activeTotp("frank");
    h.clock.advance(10 * 60_000);
    const stale = await del(h, `/v1/users/frank/factors/${f.factorId}`, "enroll");
    expect(stale.statusCode).toBe(403);
    expect(stale.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(stale.json().type).toMatch(/fresh-verification-required/);
    // the refusal leaves a trace support can explain
    const refused = (await h.store.readStream(userStreamId("frank"))).at(-1);
    expect(refused).toMatchObject({
      type: "FactorDisableRefused",
      data: { data: { reason: "fresh_verification_required", freshVerificationMinutes: 5 } },
    });

    expect((await post(h, "/v1/verify", { userId: "frank", code: f.code() })).json().accepted).toBe(true);
    const fresh = await del(h, `/v1/users/frank/factors/${f.factorId}`, "enroll");
    expect(fresh.json()).toEqual({ factorId: f.factorId, disabled: true });
    h.clock.advance(30_000);
    expect((await post(h, "/v1/verify", { userId: "frank", code: f.code() })).json().reason).toBe(
      "no_active_factor",
    );

    const g = await activeTotp("frank2");
    h.clock.advance(10 * 60_000);
    const admin = await del(h, `/v1/users/frank2/factors/${g.factorId}`, "admin");
    expect(admin.statusCode).toBe(200);
  });

  it("refuses a reason that would carry a code to the event log (400 naming it, nothing disabled)", async () => {
    const f = await activeTotp("fiona");
    const res = await del(
      h,
      `/v1/users/fiona/factors/${f.factorId}?reason=${encodeURIComponent("she read me 492817")}`,
      "admin",
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json().errors).toEqual([
      { field: "query.reason", message: expect.stringMatching(/^a reason holds no codes/) },
    ]);
    expect(res.body).not.toContain("492817");
    expect((await post(h, "/v1/verify", { userId: "fiona", code: f.code() })).json().accepted).toBe(true);
  });

  it("404 for an unknown user or factor", async () => {
    expect((await post(h, "/v1/verify", { userId: "nobody", code: "123456" })).statusCode).toBe(404);
    const res = await del(h, "/v1/users/bob/factors/nope", "admin");
    expect(res.statusCode).toBe(404);
  });
});
