/**
 * Strings the event store cannot hold (U+0000, a lone surrogate) are refused at the edge with a
 * 400 naming the field, so they never reach an append (and never a group commit shared with
 * other users' logins); free text is screened (a user agent is masked, a reason refused).
 */
import { decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { userStreamId } from "@factorlens/event-store";
import { describe, expect, it } from "vitest";
import { auth, del, post } from "../testing/harness";
import { useHarness } from "../testing/use-harness";

const P = { algorithm: "SHA1", digits: 6, period: 30 } as const;
const POISON = ["ua\u0000x", "ua\ud800", "\udc00ua"];
const h = useHarness();

const fields = (body: string) => (JSON.parse(body).errors as { field: string }[]).map((e) => e.field);

async function activeTotp(userId: string) {
  const res = await post(h, `/v1/users/${userId}/factors`, { method: "totp" }, "enroll");
  const secret = decodeBase32(res.json().secret);
  const factorId = res.json().factorId as string;
  const code = () => totpCode(secret, P, totpStep(h.clock.now(), 30));
  const ok = await post(h, `/v1/users/${userId}/factors/${factorId}/confirm`, { code: code() }, "enroll");
  expect(ok.json()).toMatchObject({ confirmed: true });
  return { factorId, code };
}

describe("unstorable strings are refused at the edge", () => {
  it.each(POISON)("context.userAgent %j: 400 naming body.context.userAgent, nothing recorded", async (ua) => {
    const user = `ua-${POISON.indexOf(ua)}`;
    await activeTotp(user);
    const before = await h.store.streamRevision(userStreamId(user));
    const res = await post(h, "/v1/verify", { userId: user, code: "000000", context: { userAgent: ua } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(fields(res.body)).toEqual(["body.context.userAgent"]);
    expect(await h.store.streamRevision(userStreamId(user))).toBe(before);
  });

  // A query string carries UTF-8, which cannot hold a lone surrogate (it decodes to U+FFFD): NUL only.
  it("disable reason with U+0000: 400 naming query.reason, the factor stays", async () => {
    const f = await activeTotp("reason-nul");
    const res = await del(h, `/v1/users/reason-nul/factors/${f.factorId}?reason=lost%00phone`, "admin");
    expect(res.statusCode, res.body).toBe(400);
    expect(fields(res.body)).toEqual(["query.reason"]);
    const types = (await h.store.readStream(userStreamId("reason-nul"))).map((e) => e.type);
    expect(types).not.toContain("FactorDisabled");
  });

  it.each(POISON)("SMS receipt messageId %j: 400 naming body.messageId, not 503", async (messageId) => {
    const res = await post(h, "/v1/sms/receipts", { messageId, status: "delivered" }, "admin");
    expect(res.statusCode, res.body).toBe(400);
    expect(fields(res.body)).toEqual(["body.messageId"]);
    const code = await post(
      h,
      "/v1/sms/receipts",
      { messageId: "m-1", status: "failed", errorCode: messageId },
      "admin",
    );
    expect(fields(code.body)).toEqual(["body.errorCode"]);
  });
});

describe("free text is screened where it enters", () => {
  it("masks a phone number or a code in the user agent; the login goes through, the event holds neither", async () => {
    const f = await activeTotp("ua-phone");
    h.clock.advance(30_000);
    const userAgent = "Mozilla/5.0 Chrome/120.0.6099.109 call +44 7911 123456 code 492817";
    const res = await post(h, "/v1/verify", { userId: "ua-phone", code: f.code(), context: { userAgent } });
    expect(res.json()).toMatchObject({ accepted: true });
    const events = await h.store.readStream(userStreamId("ua-phone"));
    const stored = JSON.stringify(events.map((e) => [e.data, e.metadata]));
    expect(stored).not.toContain("7911");
    expect(stored).not.toContain("492817");
    expect(stored).toContain("Chrome/120.0.6099.109");
  });

  it("refuses a disable reason holding a phone number: 400 naming query.reason, never echoed", async () => {
    const f = await activeTotp("reason-phone");
    const res = await del(
      h,
      `/v1/users/reason-phone/factors/${f.factorId}?reason=${encodeURIComponent("call +33 6 12 34 56 78")}`,
      "admin",
    );
    expect(res.statusCode).toBe(400);
    expect(fields(res.body)).toEqual(["query.reason"]);
    expect(res.body).not.toContain("12 34 56");
  });
});

describe("poison input next to good traffic (real HTTP)", () => {
  it("no good verification fails while poison requests are refused", async () => {
    const good = await Promise.all(Array.from({ length: 16 }, (_, i) => activeTotp(`good-${i}`)));
    await Promise.all(Array.from({ length: 8 }, (_, i) => activeTotp(`bad-${i}`)));
    const url = await h.app.listen({ host: "127.0.0.1", port: 0 });
    const send = (payload: unknown) =>
      fetch(`${url}/v1/verify`, {
        method: "POST",
        headers: { ...auth("verify"), "content-type": "application/json" },
        body: JSON.stringify(payload),
      }).then((r) => r.status);
    const rounds = await Promise.all(
      Array.from({ length: 4 }, async (_, round) => {
        const goodStatuses = good.map((_, i) =>
          send({ userId: `good-${i}`, code: "000000", context: { userAgent: `Mozilla/5.0 r${round}` } }),
        );
        const badStatuses = Array.from({ length: 24 }, (_, i) =>
          send({ userId: `bad-${i % 8}`, code: "000000", context: { userAgent: POISON[i % 3] } }),
        );
        return { good: await Promise.all(goodStatuses), bad: await Promise.all(badStatuses) };
      }),
    );
    const goodFailed = rounds.flatMap((r) => r.good).filter((s) => s !== 200).length;
    expect(goodFailed).toBe(0);
    expect(new Set(rounds.flatMap((r) => r.bad))).toEqual(new Set([400]));
    for (const [i] of good.entries()) {
      const events = await h.store.readStream(userStreamId(`good-${i}`));
      expect(events.filter((e) => e.type === "ChallengeFailed")).toHaveLength(4);
    }
  });
});
