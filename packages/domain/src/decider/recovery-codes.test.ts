import { describe, expect, it } from "vitest";
import { ADMIN, activeTotp, at, cmd, ev, given, minutes, mismatch } from "./given-when-then";
import { remainingRecoveryCodes } from "./state";

const fresh = ev(
  "ChallengePassed",
  { method: "totp", attemptId: "p", step: 200, offset: 0 },
  { at: at(-minutes(1)) },
);
const issuedCodes = ev("RecoveryCodesIssued", { batchId: "b1", count: 10 }, { factorId: null });
const use = (matchedIndex: number | null) => cmd("UseRecoveryCode", { attemptId: "att", matchedIndex });
const failed = (reason: string, consecutiveFailures: number) => ({
  type: "ChallengeFailed" as const,
  data: { method: "recovery", attemptId: "att", reason, consecutiveFailures },
});

describe("IssueRecoveryCodes", () => {
  it("records only the count, after a fresh verification", () => {
    given([...activeTotp(), fresh])
      .when(cmd("IssueRecoveryCodes", { batchId: "b1", count: 10 }))
      .thenEmits([{ type: "RecoveryCodesIssued", data: { batchId: "b1", count: 10 } }]);
    given(activeTotp())
      .when(cmd("IssueRecoveryCodes", { batchId: "b1", count: 10 }))
      .thenThrows("fresh_verification_required");
    given([...activeTotp(), fresh])
      .when(cmd("IssueRecoveryCodes", { batchId: "b1", count: 0 }))
      .thenThrows("invalid_command");
    given([...activeTotp(), fresh])
      .when(cmd("IssueRecoveryCodes", { batchId: "b1", count: 10 }, { actor: ADMIN }))
      .thenThrows("actor_not_allowed");
  });
});

describe("UseRecoveryCode: single use", () => {
  it("passes a matching unused code and marks it used", () => {
    const { state } = given([...activeTotp(), issuedCodes, mismatch(1)])
      .when(use(3))
      .thenEmits([
        { type: "RecoveryCodeUsed", data: { batchId: "b1", index: 3, attemptId: "att", remaining: 9 } },
        { type: "ChallengePassed", data: { method: "recovery", attemptId: "att" } },
      ]);
    expect(remainingRecoveryCodes(state)).toBe(9);
    expect(state.lockout.consecutiveFailures).toBe(0);
  });

  it("a used code is a replay, a wrong code a mismatch; both count", () => {
    const used = ev(
      "RecoveryCodeUsed",
      { batchId: "b1", index: 3, attemptId: "x", remaining: 9 },
      { factorId: null },
    );
    given([...activeTotp(), issuedCodes, used])
      .when(use(3))
      .thenEmits([failed("replayed", 1)]);
    given([...activeTotp(), issuedCodes])
      .when(use(null))
      .thenEmits([failed("code_mismatch", 1)]);
  });

  it("a new batch invalidates the old one's used marks", () => {
    const used = ev(
      "RecoveryCodeUsed",
      { batchId: "b1", index: 3, attemptId: "x", remaining: 9 },
      { factorId: null },
    );
    const batch2 = ev("RecoveryCodesIssued", { batchId: "b2", count: 5 }, { factorId: null });
    given([...activeTotp(), issuedCodes, used, batch2])
      .when(use(3))
      .thenEmits([
        { type: "RecoveryCodeUsed", data: { batchId: "b2", index: 3, attemptId: "att", remaining: 4 } },
        { type: "ChallengePassed", data: { method: "recovery", attemptId: "att" } },
      ]);
  });

  it("no codes issued, out-of-range index, and lockout", () => {
    given(activeTotp())
      .when(use(0))
      .thenEmits([failed("no_active_factor", 0)]);
    given([...activeTotp(), issuedCodes])
      .when(use(10))
      .thenThrows("recovery_code_invalid");
    const lock = ev(
      "LockedOut",
      { until: at(minutes(1)).toISOString(), failures: 5, lockoutNumber: 1 },
      { factorId: null },
    );
    given([...activeTotp(), issuedCodes, lock])
      .when(use(1))
      .thenEmits([failed("locked_out", 0)]);
  });
});
