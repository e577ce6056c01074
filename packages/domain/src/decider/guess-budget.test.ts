/**
 * The guessing budget on the real decider: what a paced attacker gets in 30 days, with and without
 * the user's own daily logins, against NIST SP 800-63B's limit of 100 consecutive failures.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FactorlensEvent } from "../events";
import type { TotpCheck } from "../otp/types";
import { decide, replay } from "./decide";
import { evolve } from "./evolve";
import { ADMIN, activeTotp, cmd, ev, NOW, newId } from "./given-when-then";
import { DEFAULT_DECIDER_POLICY, type DeciderPolicy } from "./policy";
import { isLockedOut, type UserState } from "./state";

const DAY = 86_400_000;
const NIST_LIMIT = 100;

const verify = (now: Date, check: TotpCheck, attemptId: string) =>
  cmd("VerifyCode", { factorId: "factor-1", attemptId, verification: { method: "totp", check } }, { now });

/**
 * An attacker who guesses whenever the decider lets them (right when each lockout ends) for 30
 * days; optionally the user logs in with a correct code every day at 09:00 (after the lock ends).
 */
function simulate(policy: Partial<DeciderPolicy>, userLogsInDaily: boolean) {
  let state: UserState = replay(activeTotp());
  let t = NOW.getTime();
  const end = t + 30 * DAY;
  let nextLogin = Math.ceil(t / DAY) * DAY + 9 * 3_600_000;
  let guesses = 0;
  let maxRun = 0;
  let userRefused = 0;
  const apply = (events: FactorlensEvent[]) => {
    state = events.reduce(evolve, state);
  };
  while (t < end) {
    if (userLogsInDaily && nextLogin <= t) {
      // a user who finds the account locked for a while waits for the lock to end, then logs in
      if (isLockedOut(state, new Date(nextLogin)) && !state.lockout.exhausted && state.lockout.lockedUntil) {
        nextLogin = Date.parse(state.lockout.lockedUntil);
      }
      const now = new Date(nextLogin);
      const events = decide(
        verify(now, { ok: true, step: Math.floor(nextLogin / 30_000), offset: 0 }, `u${nextLogin}`),
        state,
        { newId, policy },
      );
      if (!events.some((e) => e.type === "ChallengePassed")) userRefused++;
      apply(events);
      nextLogin = (Math.floor(nextLogin / DAY) + 1) * DAY + 9 * 3_600_000;
      t = Math.max(t, now.getTime() + 1_000);
      continue;
    }
    const now = new Date(t);
    const events = decide(verify(now, { ok: false, reason: "mismatch" }, `x${t}`), state, { newId, policy });
    const failed = events.find((e) => e.type === "ChallengeFailed");
    apply(events);
    if (failed?.type === "ChallengeFailed" && failed.data.reason === "code_mismatch") {
      guesses++;
      maxRun = Math.max(maxRun, state.lockout.failuresSinceSuccess);
    }
    const blocked = state.lockout.exhausted || state.factors["factor-1"]?.budgetExhausted === true;
    if (blocked) {
      if (!userLogsInDaily) break;
      t = nextLogin; // nothing left to guess; let the days pass for the user's logins
      continue;
    }
    const until = state.lockout.lockedUntil === null ? 0 : Date.parse(state.lockout.lockedUntil);
    t = Math.max(t + 1_000, isLockedOut(state, now) ? until : 0);
  }
  return { guesses, maxRun, userRefused };
}

describe("guessing budget: 30-day simulation on the real decider", () => {
  it("a paced attacker gets at most 100 guesses in 30 days, with or without the user's daily logins", () => {
    const unbounded = {
      maxFailuresWithoutSuccess: Number.POSITIVE_INFINITY,
      factorGuessBudget: Number.POSITIVE_INFINITY,
    };
    const rows = [
      ["backoff only (old shape), no logins", simulate(unbounded, false)],
      ["backoff only (old shape), daily logins", simulate(unbounded, true)],
      ["budget (defaults), no logins", simulate({}, false)],
      ["budget (defaults), daily logins", simulate({}, true)],
    ] as const;
    for (const [name, r] of rows) {
      console.log(
        `guesses in 30 days, ${name}: ${r.guesses} (NIST limit ${NIST_LIMIT}; longest run without success ${r.maxRun}; user logins refused ${r.userRefused})`,
      );
    }
    const [oldAlone, oldDaily, alone, daily] = rows.map(([, r]) => r);
    expect(oldAlone!.guesses).toBeGreaterThan(NIST_LIMIT * 5); // backoff alone allows ~920
    expect(oldDaily!.guesses).toBeGreaterThan(NIST_LIMIT * 5);
    expect(alone!.guesses).toBeLessThanOrEqual(NIST_LIMIT);
    expect(daily!.guesses).toBeLessThanOrEqual(DEFAULT_DECIDER_POLICY.factorGuessBudget);
    expect(alone!.maxRun).toBeLessThanOrEqual(DEFAULT_DECIDER_POLICY.maxFailuresWithoutSuccess);
  });
});

type Step = { advanceMin: number; action: "guess" | "login" | "recovery" | "unlock" };
const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.record({
    advanceMin: fc.integer({ min: 0, max: 600 }),
    action: fc.constantFrom<Step["action"]>(
      "guess",
      "guess",
      "guess",
      "guess",
      "guess",
      "login",
      "recovery",
      "unlock",
    ),
  }),
  { maxLength: 150 },
);

describe("guessing budget (properties)", () => {
  it("counted failures never exceed the cap without a success, nor the factor's budget in any window", () => {
    const policy = { maxFailuresWithoutSuccess: 12, factorGuessBudget: 8, factorBudgetDays: 1 };
    fc.assert(
      fc.property(steps, (plan) => {
        let state = replay([
          ...activeTotp(),
          ev("RecoveryCodesIssued", { batchId: "b", count: 50 }, { factorId: null }),
        ]);
        let t = NOW.getTime();
        let run = 0;
        let recovery = 0;
        const counted: number[] = []; // counted failure times since the last budget restore
        for (const [i, s] of plan.entries()) {
          t += s.advanceMin * 60_000;
          const now = new Date(t);
          const c =
            s.action === "guess"
              ? verify(now, { ok: false, reason: "mismatch" }, `x${i}`)
              : s.action === "login"
                ? verify(now, { ok: true, step: Math.floor(t / 30_000), offset: 0 }, `u${i}`)
                : s.action === "recovery"
                  ? cmd("UseRecoveryCode", { attemptId: `r${i}`, matchedIndex: recovery % 50 }, { now })
                  : cmd("Unlock", { reason: "verified" }, { now, actor: ADMIN });
          const events = decide(c, state, { newId, policy });
          state = events.reduce(evolve, state);
          for (const e of events) {
            if (e.type === "ChallengePassed") {
              run = 0;
              if (e.data.method === "recovery") {
                recovery++;
                counted.length = 0;
              }
            }
            if (e.type === "Unlocked") {
              run = 0;
              counted.length = 0;
            }
            if (e.type === "ChallengeFailed" && e.data.reason === "code_mismatch") {
              run++;
              counted.push(t);
            }
          }
          expect(run).toBeLessThanOrEqual(policy.maxFailuresWithoutSuccess);
          expect(counted.filter((x) => x > t - DAY).length).toBeLessThanOrEqual(policy.factorGuessBudget);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a success does not restore the factor's budget; a recovery code does; the account cap needs an audited unlock", () => {
    const policy = {
      maxFailuresWithoutSuccess: 100,
      factorGuessBudget: 10,
      factorBudgetDays: 30,
      maxConsecutiveFailures: 1000,
    };
    let state = replay([
      ...activeTotp(),
      ev("RecoveryCodesIssued", { batchId: "b", count: 5 }, { factorId: null }),
    ]);
    let t = NOW.getTime();
    const tick = () => {
      t += 60_000;
      return new Date(t);
    };
    const run = (c: Parameters<typeof decide>[0]) => {
      const events = decide(c, state, { newId, policy });
      state = events.reduce(evolve, state);
      return events;
    };
    for (let i = 0; i < 9; i++) run(verify(tick(), { ok: false, reason: "mismatch" }, `x${i}`));
    expect(
      run(verify(tick(), { ok: true, step: Math.floor(t / 30_000), offset: 0 }, "u1")).map((e) => e.type),
    ).toContain("ChallengePassed");
    const tenth = run(verify(tick(), { ok: false, reason: "mismatch" }, "x9"));
    expect(tenth.find((e) => e.type === "GuessBudgetExhausted")?.data).toEqual({
      scope: "factor",
      failures: 10,
      windowDays: 30,
    });
    // the factor is refused (not counted) even with the right code; a recovery code still works and restores it
    const refused = run(verify(tick(), { ok: true, step: Math.floor(t / 30_000), offset: 0 }, "u2"));
    expect(refused.find((e) => e.type === "ChallengeFailed")?.data).toMatchObject({ reason: "locked_out" });
    run(cmd("UseRecoveryCode", { attemptId: "r1", matchedIndex: 0 }, { now: tick() }));
    expect(state.factors["factor-1"]?.budgetExhausted).toBe(false);
    expect(
      run(verify(tick(), { ok: true, step: Math.floor(t / 30_000), offset: 0 }, "u3")).map((e) => e.type),
    ).toContain("ChallengePassed");

    // 100 failures without a success: everything refused, recovery codes included, until an audited unlock
    const cap = { ...policy, factorGuessBudget: 1000 };
    for (let i = 0; i < 100; i++) {
      const events = decide(verify(tick(), { ok: false, reason: "mismatch" }, `y${i}`), state, {
        newId,
        policy: cap,
      });
      state = events.reduce(evolve, state);
    }
    expect(state.lockout.exhausted).toBe(true);
    expect(isLockedOut(state, new Date(t + 365 * DAY))).toBe(true);
    const recovery = decide(
      cmd("UseRecoveryCode", { attemptId: "r2", matchedIndex: 1 }, { now: tick() }),
      state,
      { newId, policy: cap },
    );
    expect(recovery.map((e) => e.type)).toEqual(["ChallengeFailed"]);
    state = decide(cmd("Unlock", { reason: "identity verified" }, { now: tick(), actor: ADMIN }), state, {
      newId,
      policy: cap,
    }).reduce(evolve, state);
    expect(isLockedOut(state, new Date(t))).toBe(false);
  });
});
