import { describe, expect, it } from "vitest";
import type { VerifierClient } from "../ports";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { fixture } from "../testing/fixtures";
import { createManualFeed, gql, makeApi, token } from "../testing/harness";

function setup(verifier?: VerifierClient) {
  const { actions, log } = createFakeActions({ missing: ["ghost"] });
  const api = makeApi({
    readModels: createFakeReadModels(fixture()),
    actions,
    feed: createManualFeed(),
    ...(verifier ? { verifier } : {}),
  });
  return { api, log };
}

const RESULT = `__typename ... on SupportActionReceipt { eventIds changed streamRevision } ... on SupportError { code message }`;

describe("support mutations", () => {
  it("unlockUser, resetDrift and resetFactor go to the write side with actor and ticket", async () => {
    const { api, log } = setup();
    const bearer = await token(["support_lead"], "agent-9");
    const q = `mutation {
      u: unlockUser(input: { userId: "u-1", ticket: "ZD-1", reason: "verified by phone", note: "called back" }) { ${RESULT} }
      d: resetDrift(input: { userId: "u-1", ticket: "ZD-1", factorId: "f-totp", reason: "clock fixed" }) { ${RESULT} }
      f: resetFactor(input: { userId: "u-1", ticket: "ZD-1", factorId: "f-totp", reason: "new phone" }) { ${RESULT} }
    }`;
    const res = await gql(api, bearer, q);
    expect(res.body.data).toEqual({
      u: { __typename: "SupportActionReceipt", eventIds: ["evt-1"], changed: true, streamRevision: 1 },
      d: { __typename: "SupportActionReceipt", eventIds: ["evt-2"], changed: true, streamRevision: 2 },
      f: { __typename: "SupportActionReceipt", eventIds: ["evt-3"], changed: true, streamRevision: 3 },
    });
    const actor = { agentId: "agent-9", ticket: "ZD-1" };
    expect(log).toEqual([
      { kind: "unlock", actor, userId: "u-1", detail: { reason: "verified by phone", note: "called back" } },
      { kind: "resetDrift", actor, userId: "u-1", detail: { factorId: "f-totp", note: "clock fixed" } },
      { kind: "resetFactor", actor, userId: "u-1", detail: { factorId: "f-totp", reason: "new phone" } },
    ]);
  });

  it("splits by weight: unlock, drift reset and notes for agents; reset or disable a factor for leads", async () => {
    const { api, log } = setup();
    const input = `userId: "u-1", ticket: "ZD-1", factorId: "f-totp", reason: "new phone"`;
    const q = `mutation {
      u: unlockUser(input: { userId: "u-1", ticket: "ZD-1", reason: "verified by phone" }) { ${RESULT} }
      d: resetDrift(input: { ${input} }) { ${RESULT} }
      n: addTicketNote(input: { userId: "u-1", ticket: "ZD-1", note: "called back" }) { ${RESULT} }
      f: resetFactor(input: { ${input} }) { ${RESULT} }
      x: disableFactor(input: { ${input} }) { ${RESULT} }
    }`;
    const agent = (await gql(api, await token(["support_agent"]), q)).body.data ?? {};
    expect(Object.values(agent).map((r) => (r as { code?: string }).code ?? "ok")).toEqual([
      "ok",
      "ok",
      "ok",
      "FORBIDDEN",
      "FORBIDDEN",
    ]);
    expect(log.map((l) => l.kind)).toEqual(["unlock", "resetDrift", "note"]);
    for (const roles of [["support_lead"], ["admin"]]) {
      const res = (await gql(api, await token(roles), q)).body.data ?? {};
      expect(
        Object.values(res).every((r) => (r as { __typename: string }).__typename === "SupportActionReceipt"),
      ).toBe(true);
    }
    expect(log.filter((l) => l.kind === "disableFactor")).toHaveLength(2);
  });

  it("returns typed errors: unknown user, missing ticket, empty reason", async () => {
    const { api, log } = setup();
    const bearer = await token(["support_lead"]);
    const q = `mutation {
      a: unlockUser(input: { userId: "ghost", ticket: "ZD-1", reason: "x" }) { ${RESULT} }
      b: unlockUser(input: { userId: "u-1", ticket: "", reason: "x" }) { ${RESULT} }
      c: unlockUser(input: { userId: "u-1", ticket: "ZD-1", reason: "   " }) { ${RESULT} }
      d: unlockUser(input: { userId: "u-1", ticket: "ZD-1", reason: "user is +44 7911 123456" }) { ${RESULT} }
      e: resetFactor(input: { userId: "u-1", ticket: "ZD-1", factorId: "f", reason: "code 123456 failed" }) { ${RESULT} }
    }`;
    const res = await gql(api, bearer, q);
    expect(res.body.data).toMatchObject({
      a: { __typename: "SupportError", code: "NOT_FOUND" },
      b: { __typename: "SupportError", code: "TICKET_REQUIRED" },
      c: { __typename: "SupportError", code: "INVALID_INPUT" },
      d: { __typename: "SupportError", code: "INVALID_INPUT" },
      e: { __typename: "SupportError", code: "INVALID_INPUT" },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/7911|123456/);
    expect(log).toEqual([]);
  });

  it("addTicketNote records the note with actor and ticket; refuses codes, numbers and overlong notes", async () => {
    const { api, log } = setup();
    const bearer = await token(["support_agent"], "agent-9");
    const m = (note: string) =>
      gql(
        api,
        bearer,
        `mutation ($n: String!) { addTicketNote(input: { userId: "u-1", ticket: "ZD-1", note: $n }) { ${RESULT} } }`,
        { n: note },
      );
    const ok = await m("  user confirmed by video call  ");
    expect(ok.body.data?.addTicketNote).toEqual({
      __typename: "SupportActionReceipt",
      eventIds: ["evt-1"],
      changed: true,
      streamRevision: 1,
    });
    for (const bad of [
      "code was 482913",
      "call her on +44 7911 123456",
      "JBSW Y3DP EHPK 3PXP",
      "x".repeat(1001),
      " ",
    ]) {
      const res = await m(bad);
      expect(res.body.data?.addTicketNote).toMatchObject({
        __typename: "SupportError",
        code: "INVALID_INPUT",
      });
      expect(JSON.stringify(res.body)).not.toContain(bad.trim() || "\u0000");
    }
    expect(log).toEqual([
      {
        kind: "note",
        actor: { agentId: "agent-9", ticket: "ZD-1" },
        userId: "u-1",
        detail: { note: "user confirmed by video call" },
      },
    ]);
    const analyst = await gql(
      api,
      await token(["fraud_analyst"]),
      `mutation { addTicketNote(input: { userId: "u-1", ticket: "ZD-1", note: "hi" }) { ${RESULT} } }`,
    );
    expect(analyst.body.data?.addTicketNote).toMatchObject({ __typename: "SupportError", code: "FORBIDDEN" });
  });

  it("is forbidden to fraud analysts (typed result)", async () => {
    const { api, log } = setup();
    const q = `mutation { unlockUser(input: { userId: "u-1", ticket: "ZD-1", reason: "x" }) { ${RESULT} } }`;
    const res = await gql(api, await token(["fraud_analyst"]), q);
    expect(res.body.data?.unlockUser).toMatchObject({ __typename: "SupportError", code: "FORBIDDEN" });
    expect(log).toEqual([]);
  });

  it("resyncHotp forwards both codes to the verifier, records agent and ticket, never echoes the codes", async () => {
    const seen: unknown[] = [];
    let accept = false;
    const verifier: VerifierClient = {
      async resyncHotp(input) {
        seen.push(input);
        return accept
          ? { ok: true }
          : { ok: false, code: "INVALID_INPUT", message: "Codes are not consecutive." };
      },
    };
    const { api, log } = setup(verifier);
    const q = `mutation ($c1: String!, $c2: String!, $n: String) { resyncHotp(input: { userId: "u-1", ticket: "ZD-1", factorId: "f-hotp", code1: $c1, code2: $c2, note: $n }) { ${RESULT} } }`;
    const bearer = await token(["support_agent"], "a-1");
    const res = await gql(api, bearer, q, { c1: "493021", c2: "118274" });
    expect(res.body.data?.resyncHotp).toMatchObject({ __typename: "SupportError", code: "INVALID_INPUT" });
    expect(seen).toEqual([{ userId: "u-1", factorId: "f-hotp", code1: "493021", code2: "118274" }]);
    expect(JSON.stringify(res.body)).not.toMatch(/493021|118274/);
    expect(log).toEqual([]);
    accept = true;
    const ok = await gql(api, bearer, q, { c1: "493021", c2: "118274", n: "token replaced battery" });
    expect(ok.body.data?.resyncHotp).toMatchObject({ __typename: "SupportActionReceipt", changed: true });
    expect(log).toEqual([
      {
        kind: "note",
        actor: { agentId: "a-1", ticket: "ZD-1" },
        userId: "u-1",
        detail: { note: "HOTP counter resynchronised by the verifier: token replaced battery" },
      },
    ]);
    const bad = await gql(api, bearer, q, { c1: 493021, c2: "x" });
    expect(JSON.stringify(bad.body)).not.toContain("493021");
  });

  it("resyncHotp refuses a bad note before the verifier resyncs the token (a refused request changes nothing)", async () => {
    const seen: unknown[] = [];
    const verifier: VerifierClient = {
      async resyncHotp(input) {
        seen.push(input);
        return { ok: true };
      },
    };
    const { api, log } = setup(verifier);
    const q = `mutation ($n: String) { resyncHotp(input: { userId: "u-1", ticket: "ZD-1", factorId: "f-hotp", code1: "493021", code2: "118274", note: $n }) { ${RESULT} } }`;
    const bearer = await token(["support_agent"]);
    for (const note of ["new code is 482913", " "]) {
      const res = await gql(api, bearer, q, { n: note });
      expect(res.body.data?.resyncHotp).toMatchObject({ __typename: "SupportError", code: "INVALID_INPUT" });
      expect(JSON.stringify(res.body)).not.toMatch(/482913|493021|118274/);
    }
    expect(seen).toEqual([]);
    expect(log).toEqual([]);
  });

  const BAD_INPUT = `userId: "u-1", ticket: "", factorId: "f", reason: "code 123456", note: " "`;
  it.each([
    [
      "unlockUser",
      ["fraud_analyst"],
      `userId: "bad id!", ticket: "", reason: " ", note: "call +44 7911 123456"`,
    ],
    ["addTicketNote", ["fraud_analyst"], `userId: "u-1", ticket: "", note: "code 123456"`],
    ["resetDrift", ["fraud_analyst"], BAD_INPUT],
    ["resetFactor", ["support_agent"], BAD_INPUT],
    ["disableFactor", ["support_agent"], BAD_INPUT],
    [
      "resyncHotp",
      ["fraud_analyst"],
      `userId: "u-1", ticket: "ZD-1", factorId: "f", code1: "1", code2: "x", note: "code 123456"`,
    ],
  ])("%s checks the role before the input: %j with bad input is FORBIDDEN", async (field, roles, input) => {
    const { api, log } = setup({ resyncHotp: async () => ({ ok: true }) });
    const res = await gql(
      api,
      await token(roles),
      `mutation { r: ${field}(input: { ${input} }) { ${RESULT} } }`,
    );
    expect(res.body.data?.r).toMatchObject({ __typename: "SupportError", code: "FORBIDDEN" });
    expect(log).toEqual([]);
  });

  it("resyncHotp is UNAVAILABLE without a verifier client", async () => {
    const { api } = setup();
    const q = `mutation { resyncHotp(input: { userId: "u-1", ticket: "ZD-1", factorId: "f", code1: "123456", code2: "654321" }) { ${RESULT} } }`;
    const res = await gql(api, await token(["support_agent"]), q);
    expect(res.body.data?.resyncHotp).toMatchObject({ __typename: "SupportError", code: "UNAVAILABLE" });
  });
});
