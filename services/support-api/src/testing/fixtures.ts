import type { AttemptRow } from "../ports";
import type { FakeData } from "./fake-read-models";

const at = (iso: string) => new Date(iso);

export function attempt(over: Partial<AttemptRow> & { attemptId: string }): AttemptRow {
  return {
    userId: "u-1",
    factorId: "f-totp",
    method: "totp",
    outcome: "failed",
    reason: "invalid_code",
    pattern: "clock_skew",
    confidence: 0.97,
    detail: "Phone clock is 97 s behind.",
    at: at("2026-11-26T11:00:00Z"),
    ip: "203.0.113.9",
    country: "FR",
    asn: 3215,
    userAgent: "Mozilla/5.0",
    smsDeliveryState: null,
    ...over,
  };
}

export function fixture(): FakeData {
  const attempts = Array.from({ length: 30 }, (_, i) =>
    attempt({
      attemptId: `a-${String(i).padStart(2, "0")}`,
      at: new Date(Date.parse("2026-11-26T10:00:00Z") + i * 60_000),
      outcome: i % 3 === 0 ? "succeeded" : "failed",
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
            factorId: "f-totp",
            method: "totp",
            status: "active",
            enrolledAt: at("2026-01-01T00:00:00Z"),
            confirmedAt: at("2026-01-01T00:01:00Z"),
            disabledAt: null,
            lastSuccessAt: at("2026-11-26T10:27:00Z"),
            driftSteps: -3,
            driftConfidence: 0.9,
          },
        ],
        lockout: { locked: true, lockedUntil: at("2026-11-26T12:15:00Z"), consecutiveFailures: 5 },
      },
      {
        userId: "u-2",
        factors: [],
        lockout: { locked: false, lockedUntil: null, consecutiveFailures: 0 },
      },
    ],
    attempts,
    patterns: {
      "u-1": [
        {
          factorId: "f-totp",
          pattern: "clock_skew",
          count: 19,
          firstSeenAt: at("2026-11-26T10:01:00Z"),
          lastSeenAt: at("2026-11-26T10:29:00Z"),
          evidenceAttemptIds: ["a-29", "a-28", "b-1"],
        },
        {
          factorId: "f-totp",
          pattern: "digit_typo",
          count: 1,
          firstSeenAt: at("2026-11-26T10:05:00Z"),
          lastSeenAt: at("2026-11-26T10:05:00Z"),
          evidenceAttemptIds: [],
        },
      ],
    },
    sms: [
      {
        messageId: "m-1",
        attemptId: "a-05",
        phone: "+33612345678",
        country: "FR",
        status: "delivered",
        sentAt: at("2026-11-26T10:05:00Z"),
        updatedAt: at("2026-11-26T10:05:03Z"),
        errorCode: null,
      },
    ],
    support: [
      {
        id: "s-1",
        at: at("2026-11-26T09:00:00Z"),
        actor: "agent-3",
        ticket: "ZD-100",
        userId: "u-1",
        kind: "lookup",
        action: null,
        fields: ["timeline"],
        note: null,
      },
    ],
  };
}
