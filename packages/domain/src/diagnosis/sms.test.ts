import { describe, expect, it } from "vitest";
import { hotpCode } from "../otp/hotp";
import { totpCode, totpStep } from "../otp/totp";
import { DiagnosisSchema } from "./schema";
import { diagnoseMismatch } from "./search";
import type { SmsChallengeView, SmsDeliveryState } from "./types";

const NOW = 1_764_000_000_000;
const challenge = (
  id: string,
  code: string,
  sentAgoS: number,
  state: SmsDeliveryState,
  ttlS = 300,
): SmsChallengeView => ({
  challengeId: id,
  sentAtMs: NOW - sentAgoS * 1000,
  expiresAtMs: NOW - sentAgoS * 1000 + ttlS * 1000,
  deliveryState: state,
  matches: (c) => c === code,
});

describe("SMS diagnosis", () => {
  it("tells a failed or missing delivery from a wrong code on a delivered message", () => {
    const failed = diagnoseMismatch({
      method: "sms",
      nowMs: NOW,
      code: "424242",
      challenges: [challenge("c1", "111111", 30, "failed")],
    });
    expect(failed).toMatchObject({
      pattern: "sms_not_delivered",
      confidence: "high",
      evidence: { deliveryState: "failed" },
    });
    const pending = diagnoseMismatch({
      method: "sms",
      nowMs: NOW,
      code: "424242",
      challenges: [challenge("c1", "111111", 30, "sent")],
    });
    expect(pending).toMatchObject({ pattern: "sms_not_delivered", confidence: "medium" });
    const delivered = diagnoseMismatch({
      method: "sms",
      nowMs: NOW,
      code: "424242",
      challenges: [challenge("c1", "111111", 30, "delivered")],
    });
    expect(delivered.pattern).toBe("no_match");
    expect(diagnoseMismatch({ method: "sms", nowMs: NOW, code: "424242", challenges: [] }).pattern).toBe(
      "no_match",
    );
  });

  it("names the earlier challenge a stale code came from, and an expired current code", () => {
    const challenges = [
      challenge("c3", "333333", 10, "delivered"),
      challenge("c1", "111111", 600, "delivered"),
      challenge("c2", "222222", 300, "delivered"),
    ];
    expect(diagnoseMismatch({ method: "sms", nowMs: NOW, code: "111111", challenges })).toMatchObject({
      pattern: "sms_stale_code",
      evidence: { smsChallengeId: "c1", smsChallengesBack: 2 },
      candidatesTried: 3,
    });
    const expired = diagnoseMismatch({
      method: "sms",
      nowMs: NOW,
      code: "333333",
      challenges: [challenge("c3", "333333", 400, "delivered")],
    });
    expect(expired).toMatchObject({ pattern: "sms_expired_code", evidence: { expiredSecondsAgo: 100 } });
    expect(DiagnosisSchema.parse(expired)).toEqual(expired);
  });
});

describe("OTP diagnosis edge cases", () => {
  const secret = new Uint8Array(20).fill(3);
  const P = { algorithm: "SHA1" as const, digits: 6 as const, period: 30 as const };
  it("never turns a valid code into a cause: it reports it matches the accept window", () => {
    const step = totpStep(NOW, 30);
    const d = diagnoseMismatch({
      method: "totp",
      nowMs: NOW,
      secret,
      params: P,
      policy: { window: 1, driftSteps: 0, lastAcceptedStep: null },
      code: totpCode(secret, P, step),
    });
    expect(d).toMatchObject({ pattern: "no_match", evidence: { matchesAcceptWindow: true } });
  });

  it("explains HOTP replays and malformed input", () => {
    const H = { algorithm: "SHA1" as const, digits: 6 as const };
    const base = {
      method: "hotp" as const,
      nowMs: NOW,
      secret,
      params: H,
      policy: { counter: 20, lookAhead: 10 },
    };
    expect(diagnoseMismatch({ ...base, code: hotpCode(secret, H, 17) })).toMatchObject({
      pattern: "replayed_code",
      evidence: { counter: 17, offsetSteps: -3 },
    });
    expect(diagnoseMismatch({ ...base, code: "12ab56" })).toMatchObject({
      pattern: "no_match",
      candidatesTried: 0,
    });
  });
});
