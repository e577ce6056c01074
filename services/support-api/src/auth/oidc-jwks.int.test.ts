import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { fixture } from "../testing/fixtures";
import { createManualFeed, gql, makeApi, PSEUDONYM_KEY, token } from "../testing/harness";
import { trustedIssuers } from "./trusted-issuers";

/** A company IdP on loopback: its JWKS is served over real HTTP and rotated by the test. */
const ISSUER = "https://idp.example.test/realms/support";
type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
let server: Server;
let served: JWK[] = [];
let fetches = 0;
let k1: KeyPair;
let k2: KeyPair;
let api: ReturnType<typeof makeApi>;

const idpToken = (key: KeyPair, kid: string, claims: { iss?: string; aud?: string; roles?: string[] } = {}) =>
  new SignJWT({ realm_access: { roles: claims.roles ?? ["fl-agents"] }, preferred_username: "ana" })
    .setProtectedHeader({ alg: "RS256", kid })
    .setSubject("00u1a2b3c4")
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? "factorlens-console")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(key.privateKey);

const jwk = async (key: KeyPair, kid: string) => ({ ...(await exportJWK(key.publicKey)), kid, alg: "RS256" });
const USER = `{ user(id: "u-1", ticket: "ZD-1") { __typename ... on SupportError { code } } }`;
const ask = async (bearer: string) => {
  const res = await gql(api, bearer, USER);
  return { status: res.status, message: res.body.errors?.[0]?.message, data: res.body.data };
};

beforeAll(async () => {
  k1 = await generateKeyPair("RS256");
  k2 = await generateKeyPair("RS256");
  served = [await jwk(k1, "k1")];
  server = createServer((req, res) => {
    fetches += 1;
    res.writeHead(req.url === "/jwks" ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: served }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const config = loadConfig({
    DATABASE_URL: "postgres://postgres@127.0.0.1:54329/x",
    SUPPORT_PSEUDONYM_KEY: Buffer.from(PSEUDONYM_KEY).toString("base64"),
    // the dev key keeps working next to the IdP
    SUPPORT_JWT_ISSUER: "https://idp.test",
    SUPPORT_JWT_SECRET: "test-secret-test-secret-test-secret!!",
    SUPPORT_OIDC_ISSUER: ISSUER,
    SUPPORT_OIDC_AUDIENCE: "factorlens-console",
    SUPPORT_OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
    SUPPORT_OIDC_ROLE_CLAIM: "realm_access.roles",
    SUPPORT_OIDC_ROLE_MAP: "fl-agents=support_agent, fl-leads=support_lead, fl-fraud=fraud_analyst",
    SUPPORT_OIDC_JWKS_COOLDOWN_SECONDS: "0",
  });
  api = makeApi(
    {
      readModels: createFakeReadModels(fixture()),
      actions: createFakeActions().actions,
      feed: createManualFeed(),
    },
    { auth: { issuers: await trustedIssuers(config.auth) } },
  );
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe("OIDC tokens verified by the IdP's JWKS", () => {
  it("accepts a token of the IdP, its group mapped to a role (claim path realm_access.roles)", async () => {
    expect(await ask(await idpToken(k1, "k1"))).toMatchObject({
      status: 200,
      data: { user: { __typename: "User" } },
    });
    // an analyst's group maps to fraud_analyst, which may not open a user
    expect((await ask(await idpToken(k1, "k1", { roles: ["fl-fraud"] }))).data).toEqual({
      user: { __typename: "SupportError", code: "FORBIDDEN" },
    });
  });

  it("refuses a group that maps to no role, a wrong issuer and a wrong audience", async () => {
    expect(await ask(await idpToken(k1, "k1", { roles: ["everyone"] }))).toMatchObject({
      status: 401,
      message: "Token carries no known role.",
    });
    expect(await ask(await idpToken(k1, "k1", { iss: "https://evil.example.test" }))).toMatchObject({
      status: 401,
      message: "Token issuer is not trusted.",
    });
    expect(await ask(await idpToken(k1, "k1", { aud: "another-app" }))).toMatchObject({
      status: 401,
      message: "Token audience is not accepted.",
    });
  });

  it("refetches the JWKS for an unknown kid (key rotation) and drops a key the IdP no longer serves", async () => {
    await ask(await idpToken(k1, "k1"));
    const before = fetches;
    served = [await jwk(k2, "k2")];
    expect((await ask(await idpToken(k2, "k2"))).status).toBe(200);
    expect(fetches).toBe(before + 1);
    expect(await ask(await idpToken(k1, "k1"))).toMatchObject({
      status: 401,
      message: "Token signed with an unknown key.",
    });
    // a key that is not the IdP's, under a kid the IdP serves
    expect((await ask(await idpToken(k1, "k2"))).status).toBe(401);
  });

  it("keeps the dev HS256 key working next to the IdP", async () => {
    expect((await ask(await token(["support_agent"]))).status).toBe(200);
  });
});
