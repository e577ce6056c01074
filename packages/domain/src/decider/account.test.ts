import { describe, expect, it } from "vitest";
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
  SUPPORT,
} from "./given-when-then";

const lock = ev(
  "LockedOut",
  { until: at(minutes(5)).toISOString(), failures: 5, lockoutNumber: 2 },
  { factorId: null },
);

describe("Unlock", () => {
  it("support clears the lock and its backoff, audited", () => {
    const { state } = given([...activeTotp(), lock])
      .when(cmd("Unlock", { reason: "identity verified", note: "passport" }, { actor: SUPPORT }))
      .thenEmits([
        { type: "Unlocked", data: { by: "support", reason: "identity verified" } },
        {
          type: "SupportActionTaken",
          data: { agentId: "agent-7", ticketRef: "TCK-42", action: "unlock", note: "passport" },
        },
      ]);
    expect(state.lockout).toEqual({
      consecutiveFailures: 0,
      lockedUntil: null,
      lockoutCount: 0,
      failuresSinceSuccess: 0,
      exhausted: false,
    });
  });

  it("a user cannot unlock themselves; nothing to unlock is a no-op", () => {
    given([...activeTotp(), lock])
      .when(cmd("Unlock", { reason: "x" }))
      .thenThrows("actor_not_allowed");
    given(activeTotp())
      .when(cmd("Unlock", { reason: "x" }, { actor: ADMIN }))
      .thenEmits([]);
    given([...activeTotp(), mismatch(1)])
      .when(cmd("Unlock", { reason: "x" }, { actor: ADMIN }))
      .thenEmits([{ type: "Unlocked", data: { by: "admin", reason: "x" } }]);
  });
});

describe("ResetDrift", () => {
  it("clears a learned drift; no drift is a no-op; TOTP only", () => {
    const learned = ev("DriftLearned", { driftSteps: 3, previousDriftSteps: 0 });
    const { state } = given([...activeTotp(), learned])
      .when(cmd("ResetDrift", { factorId: "factor-1" }))
      .thenEmits([{ type: "DriftReset", factorId: "factor-1", data: { previousDriftSteps: 3 } }]);
    expect(state.factors["factor-1"]?.driftSteps).toBe(0);
    given(activeTotp())
      .when(cmd("ResetDrift", { factorId: "factor-1" }))
      .thenEmits([]);
    given([hotpStarted(), confirmedHotp()])
      .when(cmd("ResetDrift", { factorId: "factor-h" }))
      .thenThrows("method_mismatch");
  });
});

describe("ResyncHotp (two consecutive codes)", () => {
  const resync = (
    check: { ok: true; matchedCounter: number; nextCounter: number } | { ok: false; reason: "mismatch" },
  ) => cmd("ResyncHotp", { factorId: "factor-h", attemptId: "att", check });
  const hotp = [hotpStarted(), confirmedHotp("factor-h", 5)];

  it("moves the counter past the two matched codes", () => {
    const { state } = given(hotp)
      .when(resync({ ok: true, matchedCounter: 40, nextCounter: 42 }))
      .thenEmits([
        { type: "HotpResynced", factorId: "factor-h", data: { previousCounter: 5, nextCounter: 42 } },
      ]);
    expect(state.factors["factor-h"]?.hotpCounter).toBe(42);
  });

  it("a failed resync counts like a wrong code; counters behind are replays; shapes are checked", () => {
    const failed = (reason: string) => ({
      type: "ChallengeFailed" as const,
      factorId: "factor-h",
      data: { method: "hotp", attemptId: "att", reason, consecutiveFailures: 1 },
    });
    given(hotp)
      .when(resync({ ok: false, reason: "mismatch" }))
      .thenEmits([failed("code_mismatch")]);
    given(hotp)
      .when(resync({ ok: true, matchedCounter: 2, nextCounter: 4 }))
      .thenEmits([failed("replayed")]);
    given(hotp)
      .when(resync({ ok: true, matchedCounter: 40, nextCounter: 41 }))
      .thenThrows("invalid_command");
    given(activeTotp())
      .when(
        cmd("ResyncHotp", { factorId: "factor-1", attemptId: "a", check: { ok: false, reason: "mismatch" } }),
      )
      .thenThrows("method_mismatch");
  });
});

describe("IssueChallenge", () => {
  it("records a TOTP prompt; refuses while locked or for inactive factors", () => {
    given(activeTotp())
      .when(cmd("IssueChallenge", { factorId: "factor-1", attemptId: "att" }))
      .thenEmits([
        { type: "ChallengeIssued", factorId: "factor-1", data: { method: "totp", attemptId: "att" } },
      ]);
    given([...activeTotp(), lock])
      .when(cmd("IssueChallenge", { factorId: "factor-1", attemptId: "a" }))
      .thenThrows("locked_out");
    given([])
      .when(cmd("IssueChallenge", { factorId: "factor-1", attemptId: "a" }))
      .thenThrows("factor_not_found");
  });
});

describe("RecordSupportLookup", () => {
  it("audits what the agent read and for which ticket", () => {
    given(activeTotp())
      .when(cmd("RecordSupportLookup", { fieldsRead: ["timeline", "factors"] }, { actor: SUPPORT }))
      .thenEmits([
        {
          type: "SupportLookupPerformed",
          data: {
            agentId: "agent-7",
            targetUserId: "user-1",
            fieldsRead: ["timeline", "factors"],
            ticketRef: "TCK-42",
          },
        },
      ]);
    given([])
      .when(cmd("RecordSupportLookup", { fieldsRead: ["timeline"] }))
      .thenThrows("actor_not_allowed");
  });
});

describe("AddTicketNote", () => {
  it("records the agent's note on the ticket as SupportActionTaken", () => {
    const { state } = given(activeTotp())
      .when(cmd("AddTicketNote", { note: "user confirmed identity by video" }, { actor: SUPPORT }))
      .thenEmits([
        {
          type: "SupportActionTaken",
          data: {
            agentId: "agent-7",
            ticketRef: "TCK-42",
            action: "note",
            note: "user confirmed identity by video",
          },
        },
      ]);
    expect(state.factors["factor-1"]?.status).toBe("active");
  });

  it("only support agents write notes, on an existing user", () => {
    given(activeTotp())
      .when(cmd("AddTicketNote", { note: "hello" }))
      .thenThrows("actor_not_allowed");
    given(activeTotp())
      .when(cmd("AddTicketNote", { note: "hello" }, { actor: ADMIN }))
      .thenThrows("actor_not_allowed");
    given([])
      .when(cmd("AddTicketNote", { note: "hello" }, { actor: SUPPORT }))
      .thenThrows("invalid_command");
  });

  it("refuses notes that could carry a code, a phone number or a secret", () => {
    for (const note of ["", "code was 492 817", "+44 7911 123456", "seed JBSWY3DPEHPK3PXP", "x".repeat(1001)])
      given(activeTotp())
        .when(cmd("AddTicketNote", { note }, { actor: SUPPORT }))
        .thenThrows("invalid_command");
  });

  it("the same rule holds for notes attached to other support actions", () => {
    given([...activeTotp(), lock])
      .when(cmd("Unlock", { reason: "verified", note: "her code is 12345678" }, { actor: SUPPORT }))
      .thenThrows("invalid_command");
  });
});

describe("the stream belongs to one user", () => {
  it("refuses a command for another user", () => {
    const other = { ...cmd("Unlock", { reason: "x" }, { actor: ADMIN }), userId: "user-2" };
    given(activeTotp()).when(other).thenThrows("invalid_command");
  });
});
