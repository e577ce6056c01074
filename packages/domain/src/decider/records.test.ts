import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DIAGNOSIS_CONFIDENCES, MISMATCH_PATTERNS } from "../diagnosis/types";
import { type Actor, type DiagnosisPayload, type FactorlensEvent, parseEvent } from "../events";
import { decide, replay } from "./decide";
import {
  ADMIN,
  activeTotp,
  at,
  cmd,
  confirmedHotp,
  ev,
  given,
  hotpStarted,
  minutes,
  mismatch,
  mismatches,
  NOW,
  newId,
  SUPPORT,
  smsStarted,
  totpStarted,
  USER,
} from "./given-when-then";
import { isLockedOut } from "./state";

const SYSTEM: Actor = { kind: "system", component: "verifier-diagnosis" };
const DIAGNOSIS: DiagnosisPayload = {
  pattern: "clock_skew",
  confidence: "high",
  evidence: { skewSeconds: -97, offsetSteps: -3 },
  coincidenceProbability: 0.0001,
  candidatesTried: 12,
};
const record = (factorId = "factor-1", actor: Actor = SYSTEM) =>
  cmd("RecordDiagnosis", { factorId, attemptId: "att", diagnosis: DIAGNOSIS }, { actor });

describe("RecordDiagnosis", () => {
  it("records the diagnosis of a failed attempt as MismatchDiagnosed on its factor", () => {
    given([...activeTotp(), mismatch(1)])
      .when(record())
      .thenEmits([
        { type: "MismatchDiagnosed", factorId: "factor-1", data: { attemptId: "att", diagnosis: DIAGNOSIS } },
      ]);
  });

  it("is the verifier's alone, and only for a factor the user has", () => {
    for (const actor of [USER, SUPPORT, ADMIN])
      given(activeTotp()).when(record("factor-1", actor)).thenThrows("actor_not_allowed");
    given(activeTotp()).when(record("factor-9")).thenThrows("factor_not_found");
  });

  it("refuses a diagnosis outside the catalogue's strict shape (nothing extra can ride along)", () => {
    const smuggled = {
      ...DIAGNOSIS,
      evidence: { ...DIAGNOSIS.evidence, code: "123456" },
    } as DiagnosisPayload;
    given(activeTotp())
      .when(
        cmd(
          "RecordDiagnosis",
          { factorId: "factor-1", attemptId: "att", diagnosis: smuggled },
          { actor: SYSTEM },
        ),
      )
      .thenThrows("invalid_command");
  });
});

describe("RecordRateLimited", () => {
  const failed = (reason: string, factorId = "factor-1", method = "totp", consecutiveFailures = 0) => ({
    type: "ChallengeFailed" as const,
    factorId,
    data: { method, attemptId: "att", reason, consecutiveFailures },
  });

  it("records a refused attempt on the first active factor, not counted", () => {
    given([...activeTotp(), mismatch(1), mismatch(2)])
      .when(cmd("RecordRateLimited", { attemptId: "att" }))
      .thenEmits([failed("rate_limited", "factor-1", "totp", 2)]);
    given([totpStarted(), hotpStarted(), confirmedHotp()])
      .when(cmd("RecordRateLimited", { attemptId: "att" }))
      .thenEmits([failed("rate_limited", "factor-h", "hotp")]);
  });

  it("records locked_out while the account is locked, and nothing without an active factor", () => {
    const until = at(minutes(5)).toISOString();
    given([...activeTotp(), ev("LockedOut", { until, failures: 5, lockoutNumber: 1 })])
      .when(cmd("RecordRateLimited", { attemptId: "att" }))
      .thenEmits([failed("locked_out")]);
    given([totpStarted(), smsStarted()])
      .when(cmd("RecordRateLimited", { attemptId: "att" }))
      .thenEmits([]);
    given([])
      .when(cmd("RecordRateLimited", { attemptId: "att" }))
      .thenEmits([]);
  });
});

/** Histories: some factors enrolled or active, failures, a lock that may or may not have expired. */
const history: fc.Arbitrary<FactorlensEvent[]> = fc
  .record({
    totp: fc.constantFrom("none", "pending", "active"),
    hotp: fc.constantFrom("none", "pending", "active"),
    failures: fc.integer({ min: 0, max: 4 }),
    lockedForMinutes: fc.option(fc.integer({ min: -30, max: 30 }), { nil: null }),
  })
  .map(({ totp, hotp, failures, lockedForMinutes }) => [
    ...(totp === "none" ? [] : totp === "pending" ? [totpStarted()] : activeTotp()),
    ...(hotp === "none" ? [] : hotp === "pending" ? [hotpStarted()] : [hotpStarted(), confirmedHotp()]),
    ...mismatches(failures),
    ...(lockedForMinutes === null
      ? []
      : [
          ev("LockedOut", {
            until: at(minutes(lockedForMinutes)).toISOString(),
            failures: 5,
            lockoutNumber: 1,
          }),
        ]),
  ]);
const diagnosis: fc.Arbitrary<DiagnosisPayload> = fc.record({
  pattern: fc.constantFrom(...MISMATCH_PATTERNS),
  confidence: fc.constantFrom(...DIAGNOSIS_CONFIDENCES),
  evidence: fc.record({ skewSeconds: fc.integer({ min: -900, max: 900 }) }),
  coincidenceProbability: fc.double({ min: 0, max: 1, noNaN: true }),
  candidatesTried: fc.nat({ max: 10_000 }),
});

describe("recorded facts (properties)", () => {
  it("a diagnosis is one schema-valid MismatchDiagnosed and changes no security state", () => {
    fc.assert(
      fc.property(history, diagnosis, fc.constantFrom("factor-1", "factor-h"), (events, d, factorId) => {
        const state = replay(events);
        fc.pre(state.factors[factorId] !== undefined);
        const c = cmd("RecordDiagnosis", { factorId, attemptId: "att", diagnosis: d }, { actor: SYSTEM });
        const out = decide(c, state, { newId });
        expect(out.map((e) => [e.type, e.factorId, e.data])).toEqual([
          ["MismatchDiagnosed", factorId, { attemptId: "att", diagnosis: d }],
        ]);
        for (const e of out) expect(parseEvent(JSON.parse(JSON.stringify(e)))).toEqual(e);
        const after = replay(out, state);
        expect(after.lockout).toEqual(state.lockout);
        expect(after.factors).toEqual(state.factors);
      }),
      { numRuns: 300 },
    );
  });

  it("a rate-limited attempt is never counted, never locks, and says locked_out exactly while locked", () => {
    fc.assert(
      fc.property(history, (events) => {
        const state = replay(events);
        const out = decide(cmd("RecordRateLimited", { attemptId: "att" }), state, { newId });
        const active = Object.values(state.factors).filter((f) => f.status === "active");
        if (active.length === 0) {
          expect(out).toEqual([]);
          return;
        }
        expect(out).toHaveLength(1);
        const [e] = out;
        if (e?.type !== "ChallengeFailed") throw new Error(`expected ChallengeFailed, got ${e?.type}`);
        expect(e.factorId).toBe(active[0]?.factorId);
        expect(e.data.reason).toBe(isLockedOut(state, NOW) ? "locked_out" : "rate_limited");
        expect(e.data.consecutiveFailures).toBe(state.lockout.consecutiveFailures);
        expect(parseEvent(JSON.parse(JSON.stringify(e)))).toEqual(e);
        const after = replay(out, state);
        expect(after.lockout).toEqual(state.lockout);
        expect(after.factors).toEqual(state.factors);
      }),
      { numRuns: 300 },
    );
  });
});
