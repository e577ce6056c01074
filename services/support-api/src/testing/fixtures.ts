import type { AttemptView } from "@factorlens/read-models";
import type { FakeData } from "./fake-read-models";

const at = (iso: string) => new Date(iso);

/** An attempt as the read models return it (their view), with the fields a test cares about. */
export function attempt(over: Partial<AttemptView> & { attemptId: string }): AttemptView {
  return {
    userId: "u-1",
    factorId: "f-totp",
    method: "totp",
    startedAt: "2026-11-26T11:00:00.000Z",
    completedAt: null,
    outcome: "failed",
    reason: "invalid_code",
    pattern: "clock_skew",
    confidence: "high",
    evidence: null,
    coincidenceProbability: 0.0003,
    candidatesTried: null,
    ip: "203.0.113.9",
    ipPrefix: "203.0.113.0/24",
    country: "FR",
    asn: 3215,
    asnName: null,
    userAgent: "Mozilla/5.0",
    deviceId: null,
    loginAttemptId: null,
    challengeId: null,
    smsState: null,
    smsUpdatedAt: null,
    smsFailureReason: null,
    phonePrefix: null,
    phoneCountry: null,
    maskedPhone: null,
    phoneType: null,
    smsVerifiedAt: null,
    smsDeliveredAt: null,
    firstPosition: 0,
    ...over,
  };
}

export function fixture(): FakeData {
  const attempts = Array.from({ length: 30 }, (_, i) =>
    attempt({
      attemptId: `a-${String(i).padStart(2, "0")}`,
      startedAt: new Date(Date.parse("2026-11-26T10:00:00Z") + i * 60_000).toISOString(),
      outcome: i % 3 === 0 ? "passed" : "failed",
      pattern: i % 3 === 0 ? null : "clock_skew",
      method: i % 5 === 0 ? "sms" : "totp",
    }),
  );
  attempts.push(attempt({ attemptId: "b-1", userId: "u-2", ip: "203.0.113.9" }));
  return {
    users: [
      {
        userId: "u-1",
        factors: [
          {
            userId: "u-1",
            factorId: "f-totp",
            method: "totp",
            state: "active",
            enrollmentStartedAt: "2026-01-01T00:00:00.000Z",
            confirmedAt: "2026-01-01T00:01:00.000Z",
            disabledAt: null,
            resetAt: null,
            secretRotatedAt: null,
            lastSuccessAt: "2026-11-26T10:27:00.000Z",
            lastFailureAt: null,
            consecutiveFailures: 2,
            driftSteps: -3,
            driftLearnedAt: null,
            driftConfirmations: 4,
            hotpResyncedAt: null,
            maskedPhone: null,
            updatedAt: "2026-11-26T10:27:00.000Z",
          },
        ],
        lockout: {
          locked: true,
          lockedAt: "2026-11-26T11:45:00.000Z",
          lockedUntil: "2026-11-26T12:15:00.000Z",
          reason: "too_many_failures",
          failures: 5,
        },
        recoveryCodesLeft: 0,
      },
      {
        userId: "u-2",
        factors: [],
        lockout: { locked: false, lockedAt: null, lockedUntil: null, reason: null, failures: null },
        recoveryCodesLeft: 0,
      },
    ],
    attempts,
    patterns: {
      "u-1": [
        {
          factorId: "f-totp",
          windowMs: 86_400_000,
          asOf: at("2026-11-26T10:29:00Z"),
          attempts: 19,
          failures: 19,
          dominantPattern: "clock_skew",
          confidence: "high",
          skewMedianSeconds: -97,
          summary: "The phone's clock is about 97 s behind.",
          suggestedSteps: ["Turn on automatic date and time on the phone."],
        },
        {
          factorId: "f-sms",
          windowMs: 86_400_000,
          asOf: at("2026-11-26T10:05:00Z"),
          attempts: 1,
          failures: 1,
          dominantPattern: "digit_typo",
          confidence: "low",
          skewMedianSeconds: null,
          summary: "Two digits were swapped.",
          suggestedSteps: [],
        },
      ],
    },
    sms: [
      {
        attemptId: "a-05",
        factorId: "f-sms",
        challengeId: "ch-05",
        startedAt: "2026-11-26T10:05:00.000Z",
        outcome: "passed",
        maskedPhone: "+33612345678",
        phonePrefix: "+33",
        phoneCountry: "FR",
        smsState: "delivered",
        smsFailureReason: null,
        smsUpdatedAt: "2026-11-26T10:05:03.000Z",
      },
    ],
    support: [
      {
        eventId: "s-1",
        position: 1,
        occurredAt: "2026-11-26T09:00:00.000Z",
        agentId: "agent-3",
        ticketRef: "ZD-100",
        userId: "u-1",
        kind: "lookup",
        action: null,
        fields: ["timeline"],
        details: {},
      },
    ],
  };
}
