/** The guessing policy an operator sets in the environment is the one the decider applies. */
import { describe, expect, it } from "vitest";
import { activeTotp, auth } from "../testing/harness";
import { useHarness } from "../testing/use-harness";

const h = useHarness({
  env: { FACTORLENS_LOCKOUT_AFTER_FAILURES: "2", FACTORLENS_LOCKOUT_BACKOFF_MINUTES: "7" },
});

describe("configured guessing policy", () => {
  it("locks after the configured failures, for the configured minutes", async () => {
    const { code } = await activeTotp(h, "policy-user");
    const wrong = code() === "000000" ? "111111" : "000000";
    const verify = () =>
      h.app.inject({
        method: "POST",
        url: "/v1/verify",
        headers: auth("verify"),
        payload: { userId: "policy-user", code: wrong },
      });
    expect((await verify()).json()).toMatchObject({ accepted: false, reason: "invalid_code" });
    const second = (await verify()).json();
    expect(second.accepted).toBe(false);
    const third = await verify();
    expect(third.json()).toMatchObject({ accepted: false, reason: "locked" });
    const wait = Number(third.json().retryAfterSeconds);
    expect(wait).toBeGreaterThan(6 * 60);
    expect(wait).toBeLessThanOrEqual(7 * 60);
  });
});
