import { describe, expect, it } from "vitest";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { fixture } from "../testing/fixtures";
import { createManualFeed, gql, makeApi, token } from "../testing/harness";

function setup(options: { failLookups?: boolean } = {}) {
  const readModels = createFakeReadModels(fixture());
  const { actions, log } = createFakeActions(options);
  return { api: makeApi({ readModels, actions, feed: createManualFeed() }), log, readModels };
}

const USER = `query ($id: ID!, $ticket: String!, $first: Int, $after: String, $outcome: AttemptOutcome) {
  user(id: $id, ticket: $ticket) {
    __typename
    ... on SupportError { code message }
    ... on User {
      id
      factors { id method status drift { steps confirmations } lastSuccessAt }
      lockout { locked lockedUntil reason }
      timeline(first: $first, after: $after, outcome: $outcome) {
        edges { cursor node { id outcome at diagnosis { pattern confidence } account { userId pseudonym } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

describe("user(id, ticket)", () => {
  it("returns factors, lockout and a newest-first timeline page to an agent", async () => {
    const { api } = setup();
    const res = await gql(api, await token(["support_agent"]), USER, {
      id: "u-1",
      ticket: "ZD-4821",
      first: 3,
    });
    const user = res.body.data?.user as Record<string, unknown>;
    expect(user).toMatchObject({
      __typename: "User",
      id: "u-1",
      factors: [{ id: "f-totp", method: "totp", status: "active", drift: { steps: -3, confirmations: 4 } }],
      lockout: { locked: true, lockedUntil: "2026-11-26T12:15:00.000Z", reason: "too_many_failures" },
    });
    const timeline = user.timeline as { edges: { node: { id: string; account: { userId: string } } }[] };
    expect(timeline.edges.map((e) => e.node.id)).toEqual(["a-29", "a-28", "a-27"]);
    expect(timeline.edges[0]?.node.account.userId).toBe("u-1");
  });

  it("pages forwards with the end cursor and filters by outcome", async () => {
    const { api } = setup();
    const bearer = await token(["support_agent"]);
    const vars = { id: "u-1", ticket: "ZD-4821", first: 2, outcome: "passed" };
    const p1 = (await gql(api, bearer, USER, vars)).body.data?.user as Record<string, unknown>;
    const t1 = p1.timeline as {
      edges: { node: { id: string; outcome: string } }[];
      pageInfo: { endCursor: string };
    };
    expect(t1.edges.map((e) => e.node.id)).toEqual(["a-27", "a-24"]);
    const p2 = (await gql(api, bearer, USER, { ...vars, after: t1.pageInfo.endCursor })).body.data
      ?.user as Record<string, unknown>;
    const t2 = p2.timeline as { edges: { node: { id: string; outcome: string } }[] };
    expect(t2.edges.map((e) => e.node.id)).toEqual(["a-21", "a-18"]);
    expect([...t1.edges, ...t2.edges].every((e) => e.node.outcome === "passed")).toBe(true);
  });

  it("records the lookup (agent, user, fields read, ticket) before returning data", async () => {
    const { api, log } = setup();
    await gql(api, await token(["support_agent"], "agent-42"), USER, { id: "u-1", ticket: "ZD-4821" });
    expect(log).toEqual([
      {
        kind: "lookup",
        actor: { agentId: "agent-42", ticket: "ZD-4821" },
        userId: "u-1",
        detail: ["factors", "id", "lockout", "timeline"],
      },
    ]);
  });

  it("counts fields read through named fragments too", async () => {
    const { api, log } = setup();
    const q = `query { user(id: "u-1", ticket: "ZD-1") { ...U } } fragment U on User { smsDeliveries { state } diagnosis { pattern } }`;
    await gql(api, await token(["support_agent"]), q);
    expect(log[0]?.detail).toEqual(["diagnosis", "smsDeliveries"]);
  });

  it("fails closed: when the audit event cannot be written, nothing is returned and no detail leaks", async () => {
    const { api } = setup({ failLookups: true });
    const res = await gql(api, await token(["support_agent"]), USER, { id: "u-1", ticket: "ZD-4821" });
    expect(res.body.data?.user ?? null).toBeNull();
    expect(res.body.errors?.[0]).toMatchObject({
      message: "Unexpected error.",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(JSON.stringify(res.body)).not.toContain("10.0.0.7");
  });

  it.each([
    ["", "TICKET_REQUIRED"],
    ["not a ticket; DROP", "INVALID_INPUT"],
  ])("refuses ticket %j with a typed %s result and records nothing", async (ticket, code) => {
    const { api, log, readModels } = setup();
    const res = await gql(api, await token(["support_agent"]), USER, { id: "u-1", ticket });
    expect(res.body.data?.user).toMatchObject({ __typename: "SupportError", code });
    expect(log).toEqual([]);
    expect(readModels.calls).toEqual([]);
  });

  it("answers NOT_FOUND for an unknown user", async () => {
    const { api, log } = setup();
    const res = await gql(api, await token(["support_agent"]), USER, { id: "nobody", ticket: "ZD-1" });
    expect(res.body.data?.user).toMatchObject({ __typename: "SupportError", code: "NOT_FOUND" });
    expect(log).toEqual([]);
  });

  it("explains the failures: dominant pattern, confidence, summary, steps and evidence", async () => {
    const { api } = setup();
    const q = `{ user(id: "u-1", ticket: "ZD-1") { ... on User {
      diagnosis { pattern confidence summary suggestedSteps evidence { id diagnosis { pattern } } }
      mismatchPatterns(window: LAST_DAY) { factorId dominantPattern attempts }
      smsDeliveries { attemptId phoneMasked state }
      supportHistory { actor ticket kind fields }
    } } }`;
    const res = await gql(api, await token(["support_agent"]), q);
    const user = res.body.data?.user as Record<string, unknown>;
    // u-1 is locked until 12:15 at 12:00: the lockout is said first, then the pattern of the codes
    expect(user.diagnosis).toMatchObject({
      pattern: "clock_skew",
      confidence: "high",
      summary:
        "The account is locked until 12:15 UTC (in 15 min) after 5 failed codes in a row. The phone's clock is about 97 s behind.",
      suggestedSteps: [
        "It unlocks by itself at 12:15 UTC. Unlocking it now lets anyone with the password try codes again at once: unlock it sooner only after verifying the user's identity.",
        "Turn on automatic date and time on the phone.",
      ],
    });
    const evidence = (user.diagnosis as { evidence: { id: string; diagnosis: { pattern: string } }[] })
      .evidence;
    expect(evidence.map((e) => e.id)).toEqual(["a-29", "a-28", "a-26", "a-25", "a-23"]);
    expect(user.mismatchPatterns).toHaveLength(2);
    expect(user.smsDeliveries).toEqual([
      { attemptId: "a-05", phoneMasked: "+33•••••••78", state: "delivered" },
    ]);
    expect(user.supportHistory).toEqual([
      { actor: "agent-3", ticket: "ZD-100", kind: "lookup", fields: ["timeline"] },
    ]);
  });
});
