import { describe, expect, it } from "vitest";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { fixture } from "../testing/fixtures";
import { createManualFeed, gql, makeApi, token } from "../testing/harness";

const RESULT = `__typename ... on SmsBlockLiftReceipt { numberPrefix eventIds streamRevision } ... on SupportError { code message }`;
const lift = (input: string) => `mutation { r: liftSmsBlock(input: { ${input} }) { ${RESULT} } }`;
const OK = `numberPrefix: "+23276", ticket: "ZD-7", reason: "operator confirmed real customers"`;

function setup() {
  const { actions, log } = createFakeActions();
  const api = makeApi({ readModels: createFakeReadModels(fixture()), actions, feed: createManualFeed() });
  return { api, log };
}

describe("liftSmsBlock", () => {
  it("goes to the write side with the lead, the ticket and the reason", async () => {
    const { api, log } = setup();
    const res = await gql(api, await token(["support_lead"], "lead-3"), lift(OK));
    expect(res.body.data).toEqual({
      r: {
        __typename: "SmsBlockLiftReceipt",
        numberPrefix: "+23276",
        eventIds: ["evt-1"],
        streamRevision: 1,
      },
    });
    expect(log).toEqual([
      {
        kind: "liftSmsBlock",
        actor: { agentId: "lead-3", ticket: "ZD-7" },
        userId: "sms-guard:+23276",
        detail: { numberPrefix: "+23276", reason: "operator confirmed real customers" },
      },
    ]);
  });

  it("needs a support lead or an admin", async () => {
    const { api, log } = setup();
    for (const roles of [["support_agent"], ["fraud_analyst"]]) {
      const res = await gql(api, await token(roles), lift(OK));
      expect(res.body.data).toMatchObject({ r: { code: "FORBIDDEN" } });
    }
    expect((await gql(api, await token(["admin"]), lift(OK))).body.data).toMatchObject({
      r: { __typename: "SmsBlockLiftReceipt" },
    });
    expect(log).toHaveLength(1);
  });

  it("checks the role before the input: an agent with a bad prefix, no ticket and a bad reason is FORBIDDEN", async () => {
    const { api, log } = setup();
    const res = await gql(
      api,
      await token(["support_agent"]),
      lift(`numberPrefix: "23276", ticket: "", reason: "call +23276501234"`),
    );
    expect(res.body.data).toMatchObject({ r: { __typename: "SupportError", code: "FORBIDDEN" } });
    expect(log).toEqual([]);
  });

  it("names the bad input: a prefix that is not one, a missing ticket, a reason that looks like a number", async () => {
    const { api, log } = setup();
    const bearer = await token(["support_lead"]);
    const codes = async (input: string) =>
      ((await gql(api, bearer, lift(input))).body.data?.r as { code?: string })?.code;
    expect(await codes(`numberPrefix: "23276", ticket: "ZD-7", reason: "ok"`)).toBe("INVALID_INPUT");
    expect(await codes(`numberPrefix: "+23276", ticket: "", reason: "ok"`)).toBe("TICKET_REQUIRED");
    expect(await codes(`numberPrefix: "+23276", ticket: "ZD-7", reason: "call +23276501234"`)).toBe(
      "INVALID_INPUT",
    );
    expect(log).toEqual([]);
  });
});
