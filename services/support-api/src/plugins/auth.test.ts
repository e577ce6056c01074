import { describe, expect, it } from "vitest";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { fixture } from "../testing/fixtures";
import { createManualFeed, gql, makeApi, token } from "../testing/harness";

const api = () =>
  makeApi({
    readModels: createFakeReadModels(fixture()),
    actions: createFakeActions().actions,
    feed: createManualFeed(),
  });

const Q = `{ fraud { ipsFailingForManyUsers(minUsers: 1) { edges { node { ip } } } } }`;

describe("JWT authentication", () => {
  it("answers 401 without a token, with a bad signature, wrong audience or issuer, expired, or no known role", async () => {
    const wrongKey = new TextEncoder().encode("another-secret-another-secret-another");
    const bad = [
      null,
      "not-a-jwt",
      await token(["fraud_analyst"], "x", { key: wrongKey }),
      await token(["fraud_analyst"], "x", { audience: "other" }),
      await token(["fraud_analyst"], "x", { issuer: "https://evil.test" }),
      await token(["fraud_analyst"], "x", { expiresIn: "-1m" }),
      await token(["superuser"]),
    ];
    for (const bearer of bad) {
      const res = await gql(api(), bearer, Q);
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
  });

  it("lets a valid token through", async () => {
    const res = await gql(api(), await token(["fraud_analyst"]), Q);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      fraud: { ipsFailingForManyUsers: { edges: [{ node: { ip: "203.0.113.9" } }] } },
    });
  });
});

describe("role matrix", () => {
  const userQ = `{ user(id: "u-1", ticket: "ZD-1") { __typename ... on SupportError { code } ... on User { id } } }`;
  const auditQ = `{ auditLog { actor } }`;
  const cases: [string, string[], string, "ok" | "FORBIDDEN"][] = [
    ["agent opens a user", ["support_agent"], userQ, "ok"],
    ["analyst cannot open a user", ["fraud_analyst"], userQ, "FORBIDDEN"],
    ["agent cannot read fraud aggregates", ["support_agent"], Q, "FORBIDDEN"],
    ["analyst reads fraud aggregates", ["fraud_analyst"], Q, "ok"],
    ["agent cannot read the audit log", ["support_agent"], auditQ, "FORBIDDEN"],
    ["analyst cannot read the audit log", ["fraud_analyst"], auditQ, "FORBIDDEN"],
    ["admin reads the audit log", ["admin"], auditQ, "ok"],
  ];
  for (const [name, roles, query, expected] of cases) {
    it(name, async () => {
      const res = await gql(api(), await token(roles), query);
      const typed = (res.body.data?.user as { code?: string } | undefined)?.code;
      const code = typed ?? res.body.errors?.[0]?.extensions?.code;
      expect(code ?? "ok").toBe(expected);
    });
  }
});
