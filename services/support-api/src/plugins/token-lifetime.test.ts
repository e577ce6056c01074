import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { fixture } from "../testing/fixtures";
import { AUTH, createManualFeed, gql, JWT_SECRET, makeApi } from "../testing/harness";

const NOW_S = Math.floor(Date.now() / 1000);
const Q = `{ fraud { ipsFailingForManyUsers(minUsers: 1) { edges { node { ip } } } } }`;

/** A token with exactly the time claims given (seconds relative to now; null: claim absent). */
const tokenAt = (t: { iat?: number | null; exp?: number | null }) => {
  const jwt = new SignJWT({ roles: ["fraud_analyst"] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("agent-7")
    .setIssuer(AUTH.issuer)
    .setAudience(AUTH.audience);
  const iat = t.iat === undefined ? 0 : t.iat;
  if (iat !== null) jwt.setIssuedAt(NOW_S + iat);
  if (t.exp !== null && t.exp !== undefined) jwt.setExpirationTime(NOW_S + t.exp);
  return jwt.sign(JWT_SECRET);
};

const api = (auth: { maxLifetimeSeconds?: number; clockToleranceSeconds?: number } = {}) =>
  makeApi(
    {
      readModels: createFakeReadModels(fixture()),
      actions: createFakeActions().actions,
      feed: createManualFeed(),
    },
    { auth: { issuers: [AUTH], ...auth } },
  );

const answer = async (bearer: string, a = api()) => {
  const res = await gql(a, bearer, Q);
  return { status: res.status, message: res.body.errors?.[0]?.message };
};

describe("token lifetime", () => {
  it("refuses a token without exp", async () => {
    expect(await answer(await tokenAt({ exp: null }))).toEqual({
      status: 401,
      message: "Token has no expiry (exp).",
    });
  });

  it("refuses a token valid for 100 years, or 13 h, and accepts 12 h (the default maximum)", async () => {
    const year = 365 * 86_400;
    expect((await answer(await tokenAt({ exp: 100 * year }))).message).toBe(
      "Token lifetime exceeds the maximum of 43200 s.",
    );
    expect((await answer(await tokenAt({ exp: 13 * 3600 }))).status).toBe(401);
    expect((await answer(await tokenAt({ exp: 12 * 3600 }))).status).toBe(200);
  });

  it("measures the lifetime from now when the token has no iat; refuses an iat in the future", async () => {
    expect((await answer(await tokenAt({ iat: null, exp: 30 * 86_400 }))).status).toBe(401);
    expect((await answer(await tokenAt({ iat: null, exp: 600 }))).status).toBe(200);
    expect((await answer(await tokenAt({ iat: 3600, exp: 13 * 3600 }))).status).toBe(401);
  });

  it("takes the maximum from the options", async () => {
    const short = api({ maxLifetimeSeconds: 900 });
    expect((await answer(await tokenAt({ exp: 3600 }), short)).message).toBe(
      "Token lifetime exceeds the maximum of 900 s.",
    );
    expect((await answer(await tokenAt({ exp: 600 }), short)).status).toBe(200);
  });

  it("tolerates a small clock skew (30 s by default) and no more", async () => {
    expect((await answer(await tokenAt({ iat: -600, exp: -20 }))).status).toBe(200);
    expect(await answer(await tokenAt({ iat: -600, exp: -90 }))).toEqual({
      status: 401,
      message: "Token expired.",
    });
    expect((await answer(await tokenAt({ iat: 20, exp: 600 }))).status).toBe(200);
    expect(
      (await answer(await tokenAt({ iat: -600, exp: -20 }), api({ clockToleranceSeconds: 0 }))).status,
    ).toBe(401);
  });
});
