import { describe, expect, it } from "vitest";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { fixture } from "../testing/fixtures";
import { createManualFeed, gql, makeApi, token } from "../testing/harness";

function setup(lookups: { perAgentPerMinute?: number; perRequest?: number } = {}) {
  let now = Date.parse("2026-11-26T12:00:00Z");
  const { actions, log } = createFakeActions();
  const api = makeApi(
    {
      readModels: createFakeReadModels(fixture()),
      actions,
      feed: createManualFeed(),
      clock: { now: () => new Date(now) },
    },
    { lookups },
  );
  return { api, log, advance: (ms: number) => (now += ms) };
}

const open = (id: string, alias = "x") =>
  `${alias}: user(id: "${id}", ticket: "ZD-1") { __typename ... on SupportError { code message } ... on User { id } }`;

describe("opening users: audit, per-request bound, per-agent rate limit", () => {
  it("the same user opened 20 times in one request is one audit event", async () => {
    const { api, log } = setup();
    const one = (i: number) => `a${i}: user(id: "u-1", ticket: "ZD-1") { ... on User { id } }`;
    const q = `{ ${Array.from({ length: 20 }, (_, i) => one(i)).join("\n")} }`;
    const res = await gql(api, await token(["support_agent"]), q);
    expect(Object.values(res.body.data ?? {})).toHaveLength(20);
    expect(Object.values(res.body.data ?? {}).every((u) => (u as { id?: string }).id === "u-1")).toBe(true);
    expect(log.filter((l) => l.kind === "lookup")).toHaveLength(1);
  });

  it("bounds the distinct users of one request, auditing each refusal", async () => {
    const { api, log } = setup({ perRequest: 2 });
    const q = `{ ${["u-1", "u-2", "u-3", "u-4"].map((id, i) => open(id, `a${i}`)).join("\n")} }`;
    const res = await gql(api, await token(["support_agent"]), q);
    const codes = Object.values(res.body.data ?? {}).map((u) => (u as { code?: string }).code ?? "ok");
    expect(codes.filter((c) => c === "LIMIT_EXCEEDED")).toHaveLength(2);
    expect(JSON.stringify(res.body)).toContain("One request may open at most 2 users.");
    expect(log.filter((l) => l.failure === "too_many_users").map((l) => l.userId)).toHaveLength(2);
  });

  it("rate-limits lookups per agent (misses included) with RATE_LIMITED, audited, and refills", async () => {
    const { api, log, advance } = setup({ perAgentPerMinute: 3 });
    const agent = await token(["support_agent"], "agent-1");
    for (const id of ["u-1", "nobody", "u-2"]) await gql(api, agent, `{ ${open(id)} }`);
    const limited = await gql(api, agent, `{ ${open("u-1")} }`);
    expect(limited.body.data?.x).toMatchObject({ __typename: "SupportError", code: "RATE_LIMITED" });
    expect(log.at(-1)).toMatchObject({ userId: "u-1", failure: "rate_limited" });
    // another agent has a budget of their own; the limit refills with time
    const other = await gql(api, await token(["support_agent"], "agent-2"), `{ ${open("u-1")} }`);
    expect(other.body.data?.x).toMatchObject({ id: "u-1" });
    advance(20_000);
    expect((await gql(api, agent, `{ ${open("u-1")} }`)).body.data?.x).toMatchObject({ id: "u-1" });
  });

  it("audits a refused role: an analyst asking for a user", async () => {
    const { api, log } = setup();
    const res = await gql(api, await token(["fraud_analyst"], "analyst-3"), `{ ${open("u-1")} }`);
    expect(res.body.data?.x).toMatchObject({ code: "FORBIDDEN" });
    expect(log.map((l) => [l.actor.agentId, l.userId, l.failure])).toEqual([
      ["analyst-3", "u-1", "forbidden"],
    ]);
  });
});
