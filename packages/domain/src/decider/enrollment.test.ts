import { describe, expect, it } from "vitest";
import {
  ADMIN,
  activeTotp,
  at,
  cmd,
  confirmedTotp,
  emitted,
  ev,
  FP,
  FP2,
  given,
  hotpStarted,
  minutes,
  SUPPORT,
  smsStarted,
  totpStarted,
} from "./given-when-then";

const TOTP = { algorithm: "SHA1", digits: 6, period: 30 } as const;
const passedAt = (d: Date) =>
  ev("ChallengePassed", { method: "totp", attemptId: "p", step: 200, offset: 0 }, { at: d });

describe("StartEnrollment", () => {
  it("records the method, params and fingerprint, never a secret", () => {
    given([])
      .when(cmd("StartEnrollment", { factorId: "f1", method: "totp", params: TOTP, secretFingerprint: FP }))
      .thenEmits([
        {
          type: "FactorEnrollmentStarted",
          factorId: "f1",
          data: { method: "totp", params: TOTP, secretFingerprint: FP },
        },
      ]);
  });

  it("starts an imported HOTP token at its current counter", () => {
    const HOTP = { algorithm: "SHA1", digits: 6 } as const;
    const start = { factorId: "h1", method: "hotp", params: HOTP, secretFingerprint: FP } as const;
    const { state } = given([])
      .when(cmd("StartEnrollment", { ...start, initialCounter: 500 }))
      .thenEmits([
        {
          type: "FactorEnrollmentStarted",
          factorId: "h1",
          data: { method: "hotp", params: HOTP, secretFingerprint: FP, initialCounter: 500 },
        },
      ]);
    expect(state.factors.h1?.hotpCounter).toBe(500);
    const plain = given([])
      .when(cmd("StartEnrollment", start))
      .thenEmits([
        {
          type: "FactorEnrollmentStarted",
          factorId: "h1",
          data: { method: "hotp", params: HOTP, secretFingerprint: FP },
        },
      ]);
    expect(plain.state.factors.h1?.hotpCounter).toBe(0);
  });

  it("supersedes a pending enrollment of the same method", () => {
    given([totpStarted("old")])
      .when(cmd("StartEnrollment", { factorId: "f2", method: "totp", params: TOTP, secretFingerprint: FP2 }))
      .thenEmits([
        {
          type: "FactorEnrollmentAbandoned",
          factorId: "old",
          data: { method: "totp", reason: "superseded" },
        },
        {
          type: "FactorEnrollmentStarted",
          factorId: "f2",
          data: { method: "totp", params: TOTP, secretFingerprint: FP2 },
        },
      ]);
  });

  it("rejects a duplicate factor id, a raw phone number, and a second factor without fresh verification", () => {
    given([totpStarted("f1")])
      .when(cmd("StartEnrollment", { factorId: "f1", method: "totp", params: TOTP, secretFingerprint: FP }))
      .thenThrows("factor_already_exists");
    given([])
      .when(
        cmd("StartEnrollment", { factorId: "s", method: "sms", maskedPhone: "+447911123434", country: "GB" }),
      )
      .thenThrows("invalid_command");
    const addSms = cmd("StartEnrollment", {
      factorId: "s",
      method: "sms",
      maskedPhone: "+44 •••• ••34 34",
      country: "GB",
    });
    given(activeTotp()).when(addSms).thenThrows("fresh_verification_required");
    given([...activeTotp(), passedAt(at(-minutes(1)))])
      .when(addSms)
      .thenEmits([
        {
          type: "FactorEnrollmentStarted",
          factorId: "s",
          data: { method: "sms", maskedPhone: "+44 •••• ••34 34", country: "GB" },
        },
      ]);
  });
});

describe("ConfirmEnrollment: a factor is active only after its first correct code", () => {
  const confirm = (check: { ok: true; step: number; offset: number } | { ok: false; reason: "mismatch" }) =>
    cmd("ConfirmEnrollment", { factorId: "factor-1", verification: { method: "totp", check } });

  it("activates with a correct code and records the accepted step", () => {
    const { state } = given([totpStarted()])
      .when(confirm({ ok: true, step: 500, offset: -1 }))
      .thenEmits([
        {
          type: "FactorEnrollmentConfirmed",
          factorId: "factor-1",
          data: { method: "totp", acceptedStep: 500, offset: -1 },
        },
      ]);
    expect(state.factors["factor-1"]).toMatchObject({ status: "active", lastAcceptedStep: 500 });
    expect(state.lastVerifiedAt).not.toBeNull();
  });

  it("stays pending on a wrong code, and is abandoned after too many", () => {
    const { state } = given([totpStarted()])
      .when(confirm({ ok: false, reason: "mismatch" }))
      .thenEmits([
        {
          type: "FactorEnrollmentFailed",
          factorId: "factor-1",
          data: { method: "totp", reason: "code_mismatch", attemptNumber: 1 },
        },
      ]);
    expect(state.factors["factor-1"]?.status).toBe("pending");
    given([totpStarted()], { maxEnrollmentFailures: 1 })
      .when(confirm({ ok: false, reason: "mismatch" }))
      .thenEmits([
        {
          type: "FactorEnrollmentFailed",
          factorId: "factor-1",
          data: { method: "totp", reason: "code_mismatch", attemptNumber: 1 },
        },
        {
          type: "FactorEnrollmentAbandoned",
          factorId: "factor-1",
          data: { method: "totp", reason: "too_many_failures" },
        },
      ]);
  });

  it("confirms HOTP with the counter and rejects the wrong method, unknown or active factors", () => {
    given([hotpStarted()])
      .when(
        cmd("ConfirmEnrollment", {
          factorId: "factor-h",
          verification: { method: "hotp", check: { ok: true, matchedCounter: 3, nextCounter: 4 } },
        }),
      )
      .thenEmits([
        { type: "FactorEnrollmentConfirmed", factorId: "factor-h", data: { method: "hotp", nextCounter: 4 } },
      ]);
    given([hotpStarted()])
      .when(confirm({ ok: true, step: 1, offset: 0 }))
      .thenThrows("factor_not_found");
    given([smsStarted("factor-1")])
      .when(confirm({ ok: true, step: 1, offset: 0 }))
      .thenThrows("method_mismatch");
    given(activeTotp())
      .when(confirm({ ok: true, step: 999, offset: 0 }))
      .thenThrows("factor_not_pending");
  });
});

describe("DisableFactor needs a fresh verification or a support/admin actor", () => {
  const disable = (opts: { now?: Date; actor?: typeof SUPPORT } = {}) =>
    cmd("DisableFactor", { factorId: "factor-1", reason: "lost phone", note: "id checked" }, opts);
  const refused = (lastVerifiedAt: Date) =>
    emitted("FactorDisableRefused", {
      method: "totp",
      reason: "fresh_verification_required",
      freshVerificationMinutes: 5,
      lastVerifiedAt: lastVerifiedAt.toISOString(),
    });
  const disabled = (by: "user" | "support") =>
    emitted("FactorDisabled", { method: "totp", by, reason: "lost phone" });

  it("refuses a reason that looks like a code, a phone number or a secret (it would leave on Kafka)", () => {
    for (const reason of ["user read out 492 817", "call +44 7911 123456", "seed JBSWY3DPEHPK3PXP"]) {
      given(activeTotp())
        .when(cmd("DisableFactor", { factorId: "factor-1", reason }, { actor: ADMIN }))
        .thenThrows("invalid_command");
      given(activeTotp())
        .when(cmd("ResetFactor", { factorId: "factor-1", reason }, { actor: ADMIN }))
        .thenThrows("invalid_command");
    }
  });

  it("records the refusal of a user without a recent success (support can explain it)", () => {
    given(activeTotp())
      .when(disable())
      .thenEmits([refused(at(-minutes(10)))]); // the enrollment confirmation
    given([...activeTotp(), passedAt(at(-minutes(6)))])
      .when(disable())
      .thenEmits([refused(at(-minutes(6)))]);
  });

  it("lets a user with a success within 5 minutes disable", () => {
    given([...activeTotp(), passedAt(at(-minutes(4)))])
      .when(disable())
      .thenEmits([disabled("user")]);
  });

  it("lets support disable, audited with the agent and ticket", () => {
    given(activeTotp())
      .when(disable({ actor: SUPPORT }))
      .thenEmits([
        disabled("support"),
        {
          type: "SupportActionTaken",
          factorId: "factor-1",
          data: { agentId: "agent-7", ticketRef: "TCK-42", action: "disable_factor", note: "id checked" },
        },
      ]);
  });

  it("cancels a pending enrollment, refuses a disabled or unknown factor and the system actor", () => {
    given([totpStarted()])
      .when(disable())
      .thenEmits([
        {
          type: "FactorEnrollmentAbandoned",
          factorId: "factor-1",
          data: { method: "totp", reason: "cancelled" },
        },
      ]);
    given([...activeTotp(), ev("FactorDisabled", { method: "totp", by: "admin", reason: "x" })])
      .when(disable({ actor: ADMIN as never }))
      .thenThrows("factor_not_active");
    given([]).when(disable()).thenThrows("factor_not_found");
    given(activeTotp())
      .when(
        cmd(
          "DisableFactor",
          { factorId: "factor-1", reason: "x" },
          { actor: { kind: "system", component: "cron" } },
        ),
      )
      .thenThrows("actor_not_allowed");
  });
});

describe("ResetFactor", () => {
  it("returns the factor to pending with a rotated secret; a code then confirms it again", () => {
    const { state } = given(activeTotp())
      .when(
        cmd(
          "ResetFactor",
          { factorId: "factor-1", reason: "new phone", newSecretFingerprint: FP2 },
          { actor: ADMIN },
        ),
      )
      .thenEmits([
        {
          type: "FactorReset",
          factorId: "factor-1",
          data: { method: "totp", by: "admin", reason: "new phone" },
        },
        { type: "SecretRotated", factorId: "factor-1", data: { oldFingerprint: FP, newFingerprint: FP2 } },
      ]);
    expect(state.factors["factor-1"]).toMatchObject({
      status: "pending",
      secretFingerprint: FP2,
      driftSteps: 0,
    });
  });

  it("needs fresh verification for a user and a valid fingerprint", () => {
    given(activeTotp())
      .when(cmd("ResetFactor", { factorId: "factor-1", reason: "x" }))
      .thenThrows("fresh_verification_required");
    given(activeTotp())
      .when(
        cmd(
          "ResetFactor",
          { factorId: "factor-1", reason: "x", newSecretFingerprint: "JBSWY3DP" },
          { actor: ADMIN },
        ),
      )
      .thenThrows("invalid_command");
  });

  it("keeps the replay step across a reset so old codes cannot confirm", () => {
    given([
      ...activeTotp(),
      confirmedTotp("factor-1", 300),
      ev("FactorReset", { method: "totp", by: "admin", reason: "x" }),
    ])
      .when(
        cmd("ConfirmEnrollment", {
          factorId: "factor-1",
          verification: { method: "totp", check: { ok: true, step: 300, offset: 0 } },
        }),
      )
      .thenEmits([
        {
          type: "FactorEnrollmentFailed",
          factorId: "factor-1",
          data: { method: "totp", reason: "replayed", attemptNumber: 1 },
        },
      ]);
  });
});
