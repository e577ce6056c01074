import { describe, expect, it } from "vitest";
import { createPseudonymizer } from "../auth/pseudonym";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { fixture } from "../testing/fixtures";
import { createManualFeed, gql, makeApi, PSEUDONYM_KEY, token } from "../testing/harness";

function setup() {
  const { actions, log } = createFakeActions();
  const readModels = createFakeReadModels(fixture());
  return { api: makeApi({ readModels, actions, feed: createManualFeed() }), log, readModels };
}

const SEARCH = `query ($idPrefix: String, $ip: String, $ticket: String, $first: Int, $after: String) {
  searchUsers(idPrefix: $idPrefix, ip: $ip, ticket: $ticket, first: $first, after: $after) {
    __typename
    ... on SupportError { code message }
    ... on UserSearchConnection {
      edges { cursor node { account { userId pseudonym } failures lastFailureAt ips } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
type Result = {
  __typename: string;
  code?: string;
  message?: string;
  edges?: {
    node: { account: { userId: string | null; pseudonym: string }; failures: number; ips: string[] };
  }[];
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
};
const result = (r: { body: { data?: Record<string, unknown> | null } }) => r.body.data?.searchUsers as Result;

describe("searchUsers", () => {
  it("finds users by id prefix for an agent on a ticket, page by page, and audits each user found", async () => {
    const { api, log } = setup();
    const bearer = await token(["support_agent"]);
    const p1 = result(await gql(api, bearer, SEARCH, { idPrefix: "u-", ticket: "ZD-4821", first: 1 }));
    expect(p1.edges?.map((e) => e.node.account.userId)).toEqual(["u-1"]);
    expect(p1.pageInfo?.hasNextPage).toBe(true);
    const p2 = result(
      await gql(api, bearer, SEARCH, {
        idPrefix: "u-",
        ticket: "ZD-4821",
        first: 1,
        after: p1.pageInfo?.endCursor,
      }),
    );
    expect(p2.edges?.map((e) => e.node.account.userId)).toEqual(["u-2"]);
    expect(log.filter((l) => l.kind === "lookup").map((l) => [l.userId, l.actor.ticket, l.detail])).toEqual([
      ["u-1", "ZD-4821", ["searchUsers"]],
      ["u-2", "ZD-4821", ["searchUsers"]],
    ]);
  });

  it("finds the users an IP failed for: revealed on a ticket, pseudonymised for an analyst without one", async () => {
    const { api, log } = setup();
    const agent = result(
      await gql(api, await token(["support_agent"]), SEARCH, { ip: "203.0.113.9", ticket: "ZD-4821" }),
    );
    expect(agent.edges?.map((e) => e.node.account.userId).sort()).toEqual(["u-1", "u-2"]);
    expect(agent.edges?.every((e) => e.node.failures > 0 && e.node.ips.includes("203.0.113.9"))).toBe(true);
    const analyst = await gql(api, await token(["fraud_analyst"]), SEARCH.replace("userId ", ""), {
      ip: "203.0.113.0/24",
    });
    const hits = result(analyst).edges!;
    const pseudonymize = createPseudonymizer(PSEUDONYM_KEY);
    expect(hits.map((e) => e.node.account.pseudonym).sort()).toEqual(
      [pseudonymize("u-1"), pseudonymize("u-2")].sort(),
    );
    expect(JSON.stringify(analyst.body)).not.toMatch(/"u-[12]"/);
    expect(log.filter((l) => l.kind === "lookup")).toHaveLength(2); // the agent's two, not the analyst's
  });

  it("refuses what would reveal users without a ticket or to the wrong role, before any read", async () => {
    const { api, readModels } = setup();
    const cases: [string[], Record<string, unknown>, string][] = [
      [["support_agent"], { idPrefix: "u-" }, "TICKET_REQUIRED"],
      [["support_agent"], { ip: "203.0.113.9" }, "TICKET_REQUIRED"],
      [["fraud_analyst"], { idPrefix: "u-" }, "FORBIDDEN"],
      [["fraud_analyst"], { ip: "203.0.113.9", ticket: "ZD-4821" }, "FORBIDDEN"],
    ];
    for (const [roles, vars, code] of cases) {
      const r = await gql(api, await token(roles), SEARCH, vars);
      expect([roles, vars, result(r)?.code ?? r.body.errors?.[0]?.message]).toEqual([roles, vars, code]);
    }
    expect(readModels.calls.filter((c) => c.startsWith("searchUsers"))).toEqual([]);
  });

  it("answers INVALID_INPUT naming the argument", async () => {
    const { api } = setup();
    const bearer = await token(["support_agent", "fraud_analyst"]);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ticket: "ZD-1" }, /exactly one of idPrefix or ip/],
      [{ ticket: "ZD-1", idPrefix: "u-", ip: "203.0.113.9" }, /exactly one of idPrefix or ip/],
      [{ ticket: "ZD-1", idPrefix: "u" }, /^idPrefix: /],
      [{ ticket: "ZD-1", idPrefix: "u-%" }, /^idPrefix: /],
      [{ ip: "203.0.113.999" }, /^ip: /],
      [{ ip: "10.0.0.0/4" }, /^ip: /],
      [{ ip: "203.0.113.9", first: 0 }, /^first: /],
      [{ ip: "203.0.113.9", after: "%%%" }, /^after: /],
    ];
    for (const [vars, message] of cases) {
      const r = result(await gql(api, bearer, SEARCH, vars));
      expect([vars, r.code]).toEqual([vars, "INVALID_INPUT"]);
      expect(r.message).toMatch(message);
    }
  });
});
