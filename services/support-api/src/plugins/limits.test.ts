import { describe, expect, it } from "vitest";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { fixture } from "../testing/fixtures";
import { createManualFeed, gql, makeApi, token } from "../testing/harness";

const api = (mode: "production" | "development" = "production") =>
  makeApi(
    {
      readModels: createFakeReadModels(fixture()),
      actions: createFakeActions().actions,
      feed: createManualFeed(),
    },
    { mode },
  );

describe("robustness limits", () => {
  it("caps the page size (literal and variable)", async () => {
    const bearer = await token(["support_agent"]);
    const literal = await gql(
      api(),
      bearer,
      `{ user(id: "u-1", ticket: "ZD-1") { ... on User { timeline(first: 101) { edges { cursor } } } } }`,
    );
    expect(literal.body.errors?.[0]?.extensions).toMatchObject({
      code: "LIMIT_EXCEEDED",
      limit: "pageSize",
      max: 100,
    });
    const q = `query ($n: Int) { user(id: "u-1", ticket: "ZD-1") { ... on User { timeline(first: $n) { edges { cursor } } } } }`;
    expect((await gql(api(), bearer, q, { n: 5000 })).body.errors?.[0]?.extensions?.code).toBe(
      "LIMIT_EXCEEDED",
    );
    expect((await gql(api(), bearer, q, { n: 100 })).body.errors).toBeUndefined();
  });

  it("rejects a query deeper than the limit before running it", async () => {
    const { actions, log } = createFakeActions();
    const a = makeApi({ readModels: createFakeReadModels(fixture()), actions, feed: createManualFeed() });
    const deep = `{ user(id: "u-1", ticket: "ZD-1") { ... on User { timeline { edges { node { account { userId } diagnosis { pattern } } } } diagnosis { evidence { account { pseudonym } context { ip } } } } } }`;
    const ok = await gql(a, await token(["support_agent"]), deep);
    expect(ok.body.errors).toBeUndefined();
    const tooDeep = `{ user(id: "u-1", ticket: "ZD-1") { ... on User { diagnosis { evidence { account { pseudonym } } } timeline { edges { node { account { userId } } } pageInfo { hasNextPage } } } } }`;
    const limited = makeApi(
      { readModels: createFakeReadModels(fixture()), actions, feed: createManualFeed() },
      { limits: { maxDepth: 4 } },
    );
    const res = await gql(limited, await token(["support_agent"]), tooDeep);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "depth" });
    expect(log.filter((l) => l.kind === "lookup")).toHaveLength(1); // only the accepted query was audited
  });

  it("rejects a query over the complexity budget", async () => {
    const q = `{ fraud { a: failuresGrouped(by: ip, first: 100) { edges { node { key } } } b: failuresGrouped(by: asn, first: 100) { edges { node { key } } } c: failuresGrouped(by: country, first: 100) { edges { node { key } } } d: failuresGrouped(by: reason) { edges { node { key } } } e: failuresGrouped(by: method) { edges { node { key } } } } }`;
    const res = await gql(api(), await token(["fraud_analyst"]), q);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "complexity" });
  });

  it("turns introspection off in production and on in development", async () => {
    const q = `{ __schema { queryType { name } } }`;
    const prod = await gql(api("production"), await token(["admin"]), q);
    expect(prod.body.errors?.[0]?.message).toContain("introspection");
    const dev = await gql(api("development"), await token(["admin"]), q);
    expect(dev.body.data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });

  it("gives no 'did you mean' suggestions in production (they spell out the schema), and does in development", async () => {
    const q = `{ fraud { ipsFailingForManyUsers(minUser: 1) { edges { node { ip } } } } }`;
    const prod = await gql(api("production"), await token(["admin"]), q);
    expect(prod.body.errors?.map((e) => e.message)).toEqual([
      'Unknown argument "minUser" on field "FraudQueries.ipsFailingForManyUsers".',
    ]);
    const dev = await gql(api("development"), await token(["admin"]), q);
    expect(dev.body.errors?.[0]?.message).toContain('Did you mean "minUsers"?');
  });

  it("serves GraphiQL only in development", async () => {
    const get = (a: ReturnType<typeof api>) =>
      a.fetch("http://support.test/graphql", { method: "GET", headers: { accept: "text/html" } });
    const dev = await get(api("development"));
    expect(dev.status).toBe(200);
    expect(await dev.text()).toContain("GraphiQL");
    expect((await get(api("production"))).status).toBe(401);
  });
});
