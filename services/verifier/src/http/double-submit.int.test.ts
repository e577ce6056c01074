/** A client that sends the code again (double click, retry after a timeout) is never locked out by it. */
import { userStreamId } from "@factorlens/event-store";
import { describe, expect, it } from "vitest";
import { activeTotp, post } from "../testing/harness";
import { useHarness } from "../testing/use-harness";

const h = useHarness();

describe("verifier HTTP: double submit", () => {
  it("the same attempt id and code returns the original answer; another attempt id with it is refused but never counted", async () => {
    const f = await activeTotp(h, "dora");
    const code = f.code();
    const first = await post(h, "/v1/verify", { userId: "dora", code, attemptId: "login-1" });
    expect(first.json()).toEqual({ accepted: true, attemptId: "login-1", method: "totp" });
    for (let i = 0; i < 3; i++) {
      h.clock.advance(1_000);
      const retry = await post(h, "/v1/verify", { userId: "dora", code, attemptId: "login-1" });
      expect(retry.json()).toEqual(first.json());
    }
    for (let i = 0; i < 8; i++) {
      h.clock.advance(1_000);
      const again = await post(h, "/v1/verify", { userId: "dora", code, attemptId: `click-${i}` });
      expect(again.json()).toMatchObject({ accepted: false, reason: "invalid_code" });
    }
    const events = await h.store.readStream(userStreamId("dora"));
    expect(events.filter((e) => e.type === "ChallengePassed")).toHaveLength(1);
    expect(events.filter((e) => e.type === "LockedOut")).toHaveLength(0);
    // not locked: the next real code is accepted
    h.clock.advance(30_000);
    const next = await post(h, "/v1/verify", { userId: "dora", code: f.code(), attemptId: "login-2" });
    expect(next.json()).toMatchObject({ accepted: true });
  });
});
