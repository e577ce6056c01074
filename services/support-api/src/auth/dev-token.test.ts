import { describe, expect, it } from "vitest";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { fixture } from "../testing/fixtures";
import { AUTH, createManualFeed, gql, JWT_SECRET, makeApi } from "../testing/harness";
import { mintDevToken } from "./dev-token";

const api = makeApi({
  readModels: createFakeReadModels(fixture()),
  actions: createFakeActions().actions,
  feed: createManualFeed(),
});
const mint = (o: Partial<Parameters<typeof mintDevToken>[0]> = {}) =>
  mintDevToken({
    secret: JWT_SECRET,
    issuer: AUTH.issuer,
    audience: AUTH.audience,
    role: "support_lead",
    ...o,
  });
const Q = `mutation { resetFactor(input: { userId: "u-1", ticket: "ZD-1", factorId: "f-totp", reason: "new phone" }) { __typename } }`;

describe("mintDevToken", () => {
  it("mints a short-lived token for the chosen role that the API accepts", async () => {
    const res = await gql(api, await mint({ ttlSeconds: 900 }), Q);
    expect(res.body.data).toEqual({ resetFactor: { __typename: "SupportActionReceipt" } });
    const agent = await gql(api, await mint({ role: "support_agent" }), Q);
    expect(agent.body.data).toMatchObject({ resetFactor: { __typename: "SupportError" } });
  });

  it("refuses an unknown role or a lifetime the API would refuse", async () => {
    await expect(mint({ role: "root" as never })).rejects.toThrow(/unknown role/);
    await expect(mint({ ttlSeconds: 13 * 3600 })).rejects.toThrow(/ttlSeconds/);
  });
});
