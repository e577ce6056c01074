/** A client that sends the code again (double click, retry after a timeout) is never locked out by it. */
import { decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { userStreamId } from "@factorlens/event-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, createHarness, type Harness } from "../testing/harness";

const P = { algorithm: "SHA1", digits: 6, period: 30 } as const;
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

const post = (url: string, payload: unknown, key: Parameters<typeof auth>[0] = "verify") =>
  h.app.inject({ method: "POST", url, headers: auth(key), payload: payload as object });

async function activeTotp(userId: string) {
  const res = await post(`/v1/users/${userId}/factors`, { method: "totp" }, "enroll");
  const body = res.json();
  const secret = decodeBase32(body.secret);
  const code = () => totpCode(secret, P, totpStep(h.clock.now(), 30));
  await post(`/v1/users/${userId}/factors/${body.factorId}/confirm`, { code: code() }, "enroll");
  h.clock.advance(30_000);
  return { code };
}

describe("verifier HTTP: double submit", () => {
  it("the same attempt id and code returns the original answer; another attempt id with it is refused but never counted", async () => {
    const f = await activeTotp("dora");
    const code = f.code();
    const first = await post("/v1/verify", { userId: "dora", code, attemptId: "login-1" });
    expect(first.json()).toEqual({ accepted: true, attemptId: "login-1", method: "totp" });
    for (let i = 0; i < 3; i++) {
      h.clock.advance(1_000);
      const retry = await post("/v1/verify", { userId: "dora", code, attemptId: "login-1" });
      expect(retry.json()).toEqual(first.json());
    }
    for (let i = 0; i < 8; i++) {
      h.clock.advance(1_000);
      const again = await post("/v1/verify", { userId: "dora", code, attemptId: `click-${i}` });
      expect(again.json()).toMatchObject({ accepted: false, reason: "invalid_code" });
    }
    const events = await h.store.readStream(userStreamId("dora"));
    expect(events.filter((e) => e.type === "ChallengePassed")).toHaveLength(1);
    expect(events.filter((e) => e.type === "LockedOut")).toHaveLength(0);
    // not locked: the next real code is accepted
    h.clock.advance(30_000);
    const next = await post("/v1/verify", { userId: "dora", code: f.code(), attemptId: "login-2" });
    expect(next.json()).toMatchObject({ accepted: true });
  });
});
