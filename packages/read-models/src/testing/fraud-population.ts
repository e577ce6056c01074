import type { FactorlensEvent } from "@factorlens/domain";
import { describePhone, maskPhone, uuidV7 } from "@factorlens/domain";

/**
 * The demo's fraud waves as events (services/platform's demo population, in miniature and with
 * exact times): healthy SMS users on the demo's five destinations who mostly verify, an SMS
 * pumping burst to +232 76 (enrolled, never confirmed), and a credential-stuffing wave from one
 * /24 whose failures nothing explains, next to ordinary users whose clocks drift.
 */
export const DEMO_PHONE_PREFIXES = ["+4477009", "+3361234", "+4915123", "+1415555", "+9198765"];
export const DEMO_PUMPING_PREFIX = "+23276";
export const STUFFING_NET = "185.220.101";

export interface FraudPopulation {
  events: FactorlensEvent[];
  /** completed_at of every counted failure (not enrollment confirmations), for exact-window checks. */
  failureTimes: number[];
  /** Per recorded prefix: sends and verified challenges. */
  sms: Map<string, { sends: number; verified: number }>;
}

export function fraudPopulation(
  startMs: number,
  opts: { healthyPerPrefix?: number; pumped?: number; drifting?: number } = {},
): FraudPopulation {
  const events: FactorlensEvent[] = [];
  const failureTimes: number[] = [];
  const sms = new Map<string, { sends: number; verified: number }>();
  let n = 0;
  const ev = (type: string, userId: string, at: number, data: object, extra: object = {}) => {
    n++;
    events.push({
      eventId: uuidV7(at, Uint8Array.of(n >>> 16, n >>> 8, n, 1, 2, 3, 4, 5, 6, 7)),
      type,
      version: type === "ChallengeFailed" ? 2 : 1,
      userId,
      occurredAt: new Date(at).toISOString(),
      correlationId: `fp-${n}`,
      actor: { kind: "user" },
      data,
      ...extra,
    } as unknown as FactorlensEvent);
  };
  const send = (
    userId: string,
    factorId: string,
    phone: string,
    at: number,
    attemptId: string,
    ip: string,
  ) => {
    const info = describePhone(phone, 2);
    const challengeId = `ch-${attemptId}`;
    const maskedPhone = maskPhone(phone);
    const context = { context: { ip, userAgent: "Mozilla/5.0" } };
    ev(
      "ChallengeIssued",
      userId,
      at,
      { method: "sms", attemptId, challengeId, maskedPhone },
      { factorId, ...context },
    );
    ev(
      "SmsDispatched",
      userId,
      at,
      { challengeId, provider: "demo", messageId: `m-${challengeId}`, maskedPhone, ...info },
      { factorId },
    );
    const row = sms.get(info.numberPrefix) ?? { sends: 0, verified: 0 };
    row.sends++;
    sms.set(info.numberPrefix, row);
    return { challengeId, verified: () => row.verified++ };
  };

  // Healthy SMS users: enrollment confirmed by its code, then a login whose code passes on a
  // separate verify attempt (which has no phone); every tenth login code expires instead.
  const healthy = opts.healthyPerPrefix ?? 10;
  DEMO_PHONE_PREFIXES.forEach((prefix, p) => {
    for (let i = 0; i < healthy; i++) {
      const userId = `sms-${p}-${i}`;
      const factorId = `${userId}-f`;
      const phone = `${prefix}${String(10_000 + i * 37).slice(-5)}`;
      const ip = `81.2.${60 + p}.${10 + i}`;
      let t = startMs + p * 60_000 + i * 7_000;
      const later = (ms: number) => {
        t += ms;
        return t;
      };
      ev(
        "FactorEnrollmentStarted",
        userId,
        t,
        { method: "sms", maskedPhone: maskPhone(phone), country: null },
        { factorId },
      );
      const enrol = send(userId, factorId, phone, later(1_000), `${userId}-e`, ip);
      ev(
        "FactorEnrollmentConfirmed",
        userId,
        later(20_000),
        { method: "sms", challengeId: enrol.challengeId },
        { factorId },
      );
      enrol.verified();
      const login = send(userId, factorId, phone, later(600_000), `${userId}-l`, ip);
      ev(
        "SmsDelivered",
        userId,
        later(3_000),
        { challengeId: login.challengeId, provider: "demo" },
        { factorId },
      );
      if (i % 10 === 9)
        ev(
          "SmsCodeExpired",
          userId,
          later(300_000),
          { challengeId: login.challengeId, attemptId: `${userId}-l` },
          { factorId },
        );
      else {
        ev(
          "ChallengePassed",
          userId,
          later(25_000),
          { method: "sms", attemptId: `${userId}-v`, challengeId: login.challengeId },
          { factorId, context: { ip } },
        );
        login.verified();
      }
    }
  });

  // SMS pumping: numbers in one Sierra Leone range enrolled in a burst, codes never entered.
  for (let i = 0; i < (opts.pumped ?? 30); i++) {
    const userId = `pump-${i}`;
    const factorId = `${userId}-f`;
    const phone = `${DEMO_PUMPING_PREFIX}${String(100_000 + i * 131).slice(-6)}`;
    const t = startMs + 5 * 60_000 + i * 4_000;
    ev(
      "FactorEnrollmentStarted",
      userId,
      t,
      { method: "sms", maskedPhone: maskPhone(phone), country: null },
      { factorId },
    );
    send(userId, factorId, phone, t + 500, `${userId}-e`, `102.68.${i % 4}.9`);
  }

  // Credential stuffing from one /24, two failures per victim, spread over the hour; and users
  // whose phone clocks drift (explained failures) from their home networks.
  const fail = (userId: string, at: number, attemptId: string, ip: string, pattern: string) => {
    const factorId = `${userId}-totp`;
    ev(
      "ChallengeFailed",
      userId,
      at,
      { method: "totp", attemptId, reason: "code_mismatch", consecutiveFailures: 1 },
      { factorId, context: { ip } },
    );
    const diagnosis = {
      pattern,
      confidence: pattern === "no_match" ? "low" : "high",
      evidence: {},
      coincidenceProbability: 0.01,
      candidatesTried: 40,
    };
    ev("MismatchDiagnosed", userId, at + 200, { attemptId, diagnosis }, { factorId });
    failureTimes.push(at);
  };
  for (let i = 0; i < 40; i++) {
    for (let k = 0; k < 2; k++)
      fail(
        `victim-${i}`,
        startMs + 90_000 * i + 45_000 * k + 1_234,
        `st-${i}-${k}`,
        `${STUFFING_NET}.${1 + ((i + k) % 20)}`,
        "no_match",
      );
  }
  for (let i = 0; i < (opts.drifting ?? 12); i++)
    fail(
      `drift-${i}`,
      startMs + (i * 3_600_000) / Math.max(12, opts.drifting ?? 12) + 17_500,
      `dr-${i}`,
      `81.2.69.${100 + i}`,
      "clock_skew",
    );
  // Account takeovers: 2FA disabled minutes after a first login from a new country.
  for (let i = 0; i < 3; i++) {
    const userId = `takeover-${i}`;
    const factorId = `${userId}-totp`;
    const t = startMs + 20 * 60_000 + i * 60_000;
    const params = { algorithm: "SHA1", digits: 6, period: 30 };
    ev(
      "FactorEnrollmentStarted",
      userId,
      t,
      { method: "totp", params, secretFingerprint: `sha256:${"ab".repeat(8)}` },
      { factorId },
    );
    ev(
      "FactorEnrollmentConfirmed",
      userId,
      t + 1_000,
      { method: "totp", acceptedStep: 1, offset: 0 },
      { factorId },
    );
    const login = (at: number, n: number, country: string) =>
      ev(
        "ChallengePassed",
        userId,
        at,
        { method: "totp", attemptId: `${userId}-${n}`, step: 10 + n, offset: 0 },
        { factorId, context: { ip: `81.2.70.${i}`, country } },
      );
    login(t + 60_000, 1, "GB");
    login(t + 120_000, 2, "BR");
    ev(
      "FactorDisabled",
      userId,
      t + 240_000,
      { method: "totp", by: "user", reason: "no longer needed" },
      { factorId },
    );
  }
  events.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  return { events, failureTimes, sms };
}
