import { describe, expect, it } from "vitest";
import { createPseudonymizer } from "../auth/pseudonym";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { fixture } from "../testing/fixtures";
import { createManualFeed, gql, makeApi, PSEUDONYM_KEY, token } from "../testing/harness";

function setup() {
  const { actions, log } = createFakeActions();
  return {
    api: makeApi({ readModels: createFakeReadModels(fixture()), actions, feed: createManualFeed() }),
    log,
  };
}

describe("fraud queries", () => {
  it("gives analysts aggregates: grouped failures, IPs failing for many users, SMS pumping", async () => {
    const { api } = setup();
    const q = `{ fraud {
      failuresGrouped(by: ip, from: "2026-11-26T00:00:00Z") { edges { node { key failures distinctIps } } }
      ipsFailingForManyUsers(minUsers: 2) { edges { node { ip distinctUsers } } }
      smsPumpingCandidates { edges { node { country numberPrefix sends verified conversion } } }
    } }`;
    const res = await gql(api, await token(["fraud_analyst"]), q);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.fraud).toMatchObject({
      failuresGrouped: { edges: [{ node: { key: "203.0.113.9", failures: 21, distinctIps: 1 } }] },
      ipsFailingForManyUsers: { edges: [{ node: { ip: "203.0.113.9", distinctUsers: 2 } }] },
      smsPumpingCandidates: {
        edges: [{ node: { country: "XK", numberPrefix: "+38344", sends: 120, verified: 2 } }],
      },
    });
  });

  it("shows analysts only a stable keyed pseudonym, never the user id", async () => {
    const { api } = setup();
    const q = `{ fraud { disabledAfterNewCountryLogin { edges { node { account { pseudonym userId } loginCountry secondsAfterLogin } } } } }`;
    const res = await gql(api, await token(["fraud_analyst"]), q);
    const fraud = res.body.data?.fraud as {
      disabledAfterNewCountryLogin: { edges: { node: { account: { pseudonym: string } } }[] };
    };
    const row = fraud.disabledAfterNewCountryLogin.edges[0]!.node;
    expect(row).toMatchObject({ account: { userId: null }, loginCountry: "BR", secondsAfterLogin: 240 });
    const pseudonym = row.account.pseudonym;
    expect(pseudonym).toBe(createPseudonymizer(PSEUDONYM_KEY)("u-1"));
    expect(pseudonym).not.toContain("u-1");
    expect(res.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(JSON.stringify(res.body)).not.toContain('"u-1"');
  });

  it("reveals user ids to an analyst who is also an agent on a ticket, and audits each", async () => {
    const { api, log } = setup();
    const q = `{ fraud { disabledAfterNewCountryLogin(ticket: "FR-77") { edges { node { account { userId } } } } } }`;
    const res = await gql(api, await token(["fraud_analyst", "support_agent"], "ana-1"), q);
    expect(res.body.data?.fraud).toEqual({
      disabledAfterNewCountryLogin: { edges: [{ node: { account: { userId: "u-1" } } }] },
    });
    expect(log).toEqual([
      {
        kind: "lookup",
        actor: { agentId: "ana-1", ticket: "FR-77" },
        userId: "u-1",
        detail: ["disabledAfterNewCountryLogin"],
      },
    ]);
  });

  it("refuses the ticket path to a pure analyst", async () => {
    const { api, log } = setup();
    const q = `{ fraud { disabledAfterNewCountryLogin(ticket: "FR-77") { edges { node { account { userId } } } } } }`;
    const res = await gql(api, await token(["fraud_analyst"]), q);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(log).toEqual([]);
  });

  it("gives an analyst a pseudonymised attempt; an agent must bring a ticket", async () => {
    const { api, log } = setup();
    const q = `query ($t: String) { attempt(id: "a-01", ticket: $t) { __typename
      ... on SupportError { code }
      ... on Attempt { id account { pseudonym } diagnosis { pattern coincidenceProbability } context { ip country } } } }`;
    const analyst = await gql(api, await token(["fraud_analyst"]), q);
    expect(analyst.body.data?.attempt).toMatchObject({
      __typename: "Attempt",
      id: "a-01",
      context: { country: "FR" },
    });
    const agentNoTicket = await gql(api, await token(["support_agent"]), q);
    expect(agentNoTicket.body.data?.attempt).toEqual({ __typename: "SupportError", code: "TICKET_REQUIRED" });
    const agent = await gql(api, await token(["support_agent"]), q, { t: "ZD-9" });
    expect(agent.body.data?.attempt).toMatchObject({ __typename: "Attempt", id: "a-01" });
    expect(log.map((l) => [l.kind, l.userId, l.detail, l.failure])).toEqual([
      ["lookup", "u-1", ["account", "context", "diagnosis", "id"], "ticket_required"],
      ["lookup", "u-1", ["account", "context", "diagnosis", "id"], undefined],
    ]);
  });

  it("rejects a time range over 31 days", async () => {
    const { api } = setup();
    const q = `{ fraud { ipsFailingForManyUsers(from: "2026-01-01T00:00:00Z", to: "2026-11-01T00:00:00Z") { edges { node { ip } } } } }`;
    const res = await gql(api, await token(["fraud_analyst"]), q);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
  });
});
