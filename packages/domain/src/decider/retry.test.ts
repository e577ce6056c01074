import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TotpCheck } from "../otp/types";
import { decide, replay } from "./decide";
import { evolve } from "./evolve";
import { activeTotp, at, cmd, given, minutes, newId } from "./given-when-then";
import { isLockedOut, passedAttempt } from "./state";

const verify = (check: TotpCheck, attemptId: string, now = at(0)) =>
  cmd("VerifyCode", { factorId: "factor-1", attemptId, verification: { method: "totp", check } }, { now });
const ok = (step: number): TotpCheck => ({ ok: true, step, offset: 0 });
const passedAt = (step: number, attemptId = "a1") => {
  const history = activeTotp();
  return [...history, ...decide(verify(ok(step), attemptId), replay(history), { newId })];
};

describe("retries are idempotent", () => {
  it("the same attempt with the code it accepted gets the original answer and records nothing", () => {
    const history = passedAt(101);
    given(history)
      .when(verify(ok(101), "a1", at(2_000)))
      .thenEmits([]);
    expect(passedAttempt(replay(history), "factor-1", "a1")).toBe(true);
    expect(passedAttempt(replay(history), "factor-1", "other")).toBe(false);
  });

  it("another attempt with the code just accepted is refused as replayed, but not counted", () => {
    const { state } = given(passedAt(101))
      .when(verify(ok(101), "a2", at(2_000)))
      .thenEmits([
        {
          type: "ChallengeFailed",
          factorId: "factor-1",
          data: {
            method: "totp",
            attemptId: "a2",
            reason: "replayed",
            consecutiveFailures: 0,
            counted: false,
          },
        },
      ]);
    expect(state.lockout.consecutiveFailures).toBe(0);
    expect(state.lockout.failuresSinceSuccess).toBe(0);
  });

  it("an older code, or the accepted one after the retry grace, still counts as a replay", () => {
    const history = [...passedAt(101), ...passedAt(105, "a5").slice(2)];
    given(history)
      .when(verify(ok(101), "a9", at(2_000)))
      .thenEmits([
        {
          type: "ChallengeFailed",
          factorId: "factor-1",
          data: { method: "totp", attemptId: "a9", reason: "replayed", consecutiveFailures: 1 },
        },
      ]);
    given(passedAt(101))
      .when(verify(ok(101), "a1", at(minutes(6))))
      .thenEmits([
        {
          type: "ChallengeFailed",
          factorId: "factor-1",
          data: { method: "totp", attemptId: "a1", reason: "replayed", consecutiveFailures: 1 },
        },
      ]);
  });

  it("any number of double submits after a success never locks the user (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (sameAttempt) => {
        let state = replay(passedAt(101));
        let t = 1_000;
        for (const [i, same] of sameAttempt.entries()) {
          t += 1_000;
          const events = decide(verify(ok(101), same ? "a1" : `d${i}`, at(t)), state, { newId });
          state = events.reduce(evolve, state);
          expect(events.every((e) => e.type !== "ChallengePassed" && e.type !== "LockedOut")).toBe(true);
        }
        expect(isLockedOut(state, at(t))).toBe(false);
        expect(state.lockout.consecutiveFailures).toBe(0);
      }),
    );
  });
});
