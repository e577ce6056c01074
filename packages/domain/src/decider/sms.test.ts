import { describe, expect, it } from "vitest";
import type { SmsCheck } from "./commands";
import { at, cmd, emitted, ev, given, minutes, NOW, smsStarted } from "./given-when-then";

const MASKED = "+44 •••• ••12 34";
const dispatch = (challengeId: string, opts: { attemptId?: string; expiresAt?: Date } = {}) =>
  cmd("RecordSmsDispatch", {
    factorId: "factor-s",
    attemptId: opts.attemptId ?? "att",
    challengeId,
    provider: "twilio",
    messageId: `m-${challengeId}`,
    expiresAt: opts.expiresAt ?? at(minutes(5)),
  });
const issued = (challengeId: string, sentAt = NOW) =>
  ev(
    "ChallengeIssued",
    {
      method: "sms",
      attemptId: "att",
      challengeId,
      maskedPhone: MASKED,
      expiresAt: new Date(sentAt.getTime() + minutes(5)).toISOString(),
    },
    { factorId: "factor-s", at: sentAt },
  );
/** The ChallengeIssued a dispatch of c1 emits (at NOW, 5-minute code). */
const issuedC1 = () => ({
  type: "ChallengeIssued" as const,
  factorId: "factor-s",
  data: {
    method: "sms",
    attemptId: "att",
    challengeId: "c1",
    maskedPhone: MASKED,
    expiresAt: at(minutes(5)).toISOString(),
  },
});
/** The SmsDispatched a dispatch of c1 emits: the masked number, and what the verifier read of the full one. */
const dispatchedC1 = (
  phone: { country: string; numberPrefix?: string; numberType?: "mobile" } = { country: "GB" },
) =>
  emitted(
    "SmsDispatched",
    { challengeId: "c1", provider: "twilio", messageId: "m-c1", maskedPhone: MASKED, ...phone },
    "factor-s",
  );
const activeSms = [
  smsStarted(),
  ev("FactorEnrollmentConfirmed", { method: "sms" }, { factorId: "factor-s" }),
];
const verifySms = (check: SmsCheck, now = at(minutes(1))) =>
  cmd(
    "VerifyCode",
    { factorId: "factor-s", attemptId: "att", verification: { method: "sms", check } },
    { now },
  );
const smsFailed = (reason: string, consecutiveFailures: number, challengeId = "c1") => ({
  type: "ChallengeFailed" as const,
  factorId: "factor-s",
  data: { method: "sms", attemptId: "att", reason, consecutiveFailures, challengeId },
});

describe("RecordSmsDispatch", () => {
  it("issues the challenge and records the dispatch with the masked number only", () => {
    const { state } = given(activeSms).when(dispatch("c1")).thenEmits([issuedC1(), dispatchedC1()]);
    expect(state.smsChallenges).toHaveLength(1);
  });

  it("records the country, number type and pumping prefix the verifier read from the full number", () => {
    const phone = { country: "SL", numberType: "mobile" as const, numberPrefix: "+23276" };
    given(activeSms)
      .when({ ...dispatch("c1"), data: { ...dispatch("c1").data, phone } })
      .thenEmits([issuedC1(), dispatchedC1({ country: "SL", numberPrefix: "+23276", numberType: "mobile" })]);
  });

  it("is idempotent per challenge and refuses non-SMS, disabled, past expiry or locked", () => {
    given([...activeSms, issued("c1")])
      .when(dispatch("c1"))
      .thenEmits([]);
    given([...activeSms])
      .when(dispatch("c1", { expiresAt: NOW }))
      .thenThrows("invalid_command");
    given([
      ...activeSms,
      ev("FactorDisabled", { method: "sms", by: "user", reason: "x" }, { factorId: "factor-s" }),
    ])
      .when(dispatch("c1"))
      .thenThrows("factor_not_active");
    given([
      ...activeSms,
      ev("LockedOut", { until: at(minutes(1)).toISOString(), failures: 5, lockoutNumber: 1 }),
    ])
      .when(dispatch("c1"))
      .thenThrows("locked_out");
    given([]).when(dispatch("c1")).thenThrows("factor_not_found");
  });
});

describe("RecordSmsReceipt", () => {
  const receipt = (
    outcome: { status: "delivered" } | { status: "failed"; errorCode: string; carrierErrorCode?: string },
  ) => cmd("RecordSmsReceipt", { challengeId: "c1", provider: "twilio", messageId: "m-c1", outcome });

  it("records delivery and carrier failures; duplicates are no-ops", () => {
    const { state } = given([...activeSms, issued("c1")])
      .when(receipt({ status: "delivered" }))
      .thenEmits([
        {
          type: "SmsDelivered",
          factorId: "factor-s",
          data: { challengeId: "c1", provider: "twilio", messageId: "m-c1" },
        },
      ]);
    expect(state.smsChallenges[0]?.delivery).toBe("delivered");
    given([
      ...activeSms,
      issued("c1"),
      ev("SmsDelivered", { challengeId: "c1", provider: "twilio" }, { factorId: "factor-s" }),
    ])
      .when(receipt({ status: "delivered" }))
      .thenEmits([]);
    given([...activeSms, issued("c1")])
      .when(receipt({ status: "failed", errorCode: "30007", carrierErrorCode: "blocked" }))
      .thenEmits([
        {
          type: "SmsDeliveryFailed",
          factorId: "factor-s",
          data: {
            challengeId: "c1",
            provider: "twilio",
            messageId: "m-c1",
            errorCode: "30007",
            carrierErrorCode: "blocked",
          },
        },
      ]);
    given(activeSms)
      .when(receipt({ status: "delivered" }))
      .thenThrows("challenge_not_found");
  });
});

describe("VerifyCode (SMS)", () => {
  it("passes the latest unexpired challenge once", () => {
    const { state } = given([...activeSms, issued("c1")])
      .when(verifySms({ ok: true, challengeId: "c1" }))
      .thenEmits([
        {
          type: "ChallengePassed",
          factorId: "factor-s",
          data: { method: "sms", attemptId: "att", challengeId: "c1" },
        },
      ]);
    given([], {})
      .when(verifySms({ ok: true, challengeId: "c1" }))
      .thenEmits([
        {
          ...smsFailed("no_active_factor", 0),
          data: { method: "sms", attemptId: "att", reason: "no_active_factor", consecutiveFailures: 0 },
        },
      ]);
    // the same code again is a replay
    expect(state.smsChallenges[0]?.consumed).toBe(true);
    given([
      ...activeSms,
      issued("c1"),
      ev("ChallengePassed", { method: "sms", attemptId: "x", challengeId: "c1" }, { factorId: "factor-s" }),
    ])
      .when(verifySms({ ok: true, challengeId: "c1" }))
      .thenEmits([smsFailed("replayed", 1)]);
  });

  it("an expired code fails as expired (not counted) and the expiry is recorded once", () => {
    given([...activeSms, issued("c1")])
      .when(verifySms({ ok: true, challengeId: "c1" }, at(minutes(5))))
      .thenEmits([
        smsFailed("expired", 0),
        { type: "SmsCodeExpired", factorId: "factor-s", data: { challengeId: "c1", attemptId: "att" } },
      ]);
  });

  it("a code from an earlier SMS is no longer valid once a newer one was sent", () => {
    given([...activeSms, issued("c1"), issued("c2", at(30_000))])
      .when(verifySms({ ok: true, challengeId: "c1" }))
      .thenEmits([smsFailed("expired", 0)]);
  });

  it("a wrong code counts toward the lockout", () => {
    given([...activeSms, issued("c1")])
      .when(verifySms({ ok: false, reason: "mismatch", challengeId: "c1" }))
      .thenEmits([smsFailed("code_mismatch", 1)]);
  });

  it("confirms an SMS enrollment with the dispatched code", () => {
    given([smsStarted(), issued("c1")])
      .when(
        cmd(
          "ConfirmEnrollment",
          { factorId: "factor-s", verification: { method: "sms", check: { ok: true, challengeId: "c1" } } },
          { now: at(minutes(1)) },
        ),
      )
      .thenEmits([
        {
          type: "FactorEnrollmentConfirmed",
          factorId: "factor-s",
          data: { method: "sms", challengeId: "c1" },
        },
      ]);
  });
});
