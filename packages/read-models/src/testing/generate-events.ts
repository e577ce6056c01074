import type { FactorlensEvent, MismatchPattern } from "@factorlens/domain";
import { maskPhone, uuidV7 } from "@factorlens/domain";

/**
 * Deterministic, realistic event streams for tests and the benchmark: enrollments, logins from a
 * few home networks and sometimes a new country, TOTP failures with diagnoses, SMS challenges
 * with delivery receipts, lockouts, support lookups and actions. Every event type appears.
 */
export interface GeneratedUser {
  userId: string;
  events: FactorlensEvent[];
}

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const IPS = [
  { ip: "81.2.69.160", country: "GB", asn: 20712 },
  { ip: "8.8.4.4", country: "US", asn: 15169 },
  { ip: "2a03:2880:f12f:83:face:b00c:0:25de", country: "IE", asn: 32934 },
  { ip: "1.1.1.1", country: "AU", asn: 13335 },
  { ip: "185.220.101.7", country: "DE", asn: 60729 },
];
const PATTERNS: MismatchPattern[] = ["clock_skew", "digit_typo", "stale_secret", "replayed_code", "no_match"];
const PHONES = [
  { e164: "+447911123434", country: "GB" },
  { e164: "+4915112345678", country: "DE" },
  { e164: "+2348012345678", country: "NG" },
  { e164: "+12025550143", country: "US" },
];

export function generateUser(index: number, startMs: number, seed = 1): GeneratedUser {
  const rnd = mulberry32(seed * 1_000_003 + index);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const userId = `u${index}`;
  const events: FactorlensEvent[] = [];
  let t = startMs + Math.floor(rnd() * 3_600_000);
  let n = 0;
  const home = pick(IPS.slice(0, 4));
  const hex = (x: number, w: number) => x.toString(16).padStart(w, "0");
  const base = <T extends FactorlensEvent["type"]>(type: T, extra: object = {}) => {
    t += 1000 + Math.floor(rnd() * 600_000);
    n++;
    return {
      // UUID v7 as the verifier makes them (time-ordered); the random part is derived, so runs repeat.
      eventId: uuidV7(
        t,
        Uint8Array.of(
          n >>> 8,
          n,
          index >>> 24,
          index >>> 16,
          index >>> 8,
          index,
          seed >>> 8,
          seed,
          n >>> 16,
          7,
        ),
      ),
      type,
      version: 1,
      userId,
      occurredAt: new Date(t).toISOString(),
      correlationId: `c-${index}-${n}`,
      actor: { kind: "user" as const },
      ...extra,
    };
  };
  const push = (e: object) => events.push(e as FactorlensEvent);
  const ctx = (loc = home) => ({ context: { ip: loc.ip, userAgent: "Mozilla/5.0", deviceId: `d${index}` } });
  const totp = `f${index}-totp`;
  const sms = `f${index}-sms`;
  const phone = pick(PHONES);
  const fp = `sha256:${hex(index * 7919, 16)}`;
  const agent = { kind: "support" as const, agentId: "agent-7", ticketRef: `T-${index}` };

  push({
    ...base("FactorEnrollmentStarted", { factorId: totp }),
    data: { method: "totp", params: { algorithm: "SHA1", digits: 6, period: 30 }, secretFingerprint: fp },
  });
  if (rnd() < 0.1)
    push({
      ...base("FactorEnrollmentFailed", { factorId: totp }),
      data: { method: "totp", reason: "code_mismatch", attemptNumber: 1 },
    });
  push({
    ...base("FactorEnrollmentConfirmed", { factorId: totp }),
    data: { method: "totp", acceptedStep: 1, offset: 0 },
  });
  push({ ...base("RecoveryCodesIssued"), data: { batchId: `b${index}`, count: 10 } });
  push({
    ...base("FactorEnrollmentStarted", { factorId: sms }),
    data: { method: "sms", maskedPhone: maskPhone(phone.e164), country: null },
  });
  push({ ...base("FactorEnrollmentConfirmed", { factorId: sms }), data: { method: "sms" } });

  const logins = 6 + Math.floor(rnd() * 10);
  for (let i = 0; i < logins; i++) {
    const loc = rnd() < 0.08 ? IPS[4]! : home;
    const attemptId = `a${index}-${i}`;
    if (rnd() < 0.3) {
      const challengeId = `ch${index}-${i}`;
      push({
        ...base("ChallengeIssued", { factorId: sms, ...ctx(loc) }),
        data: { method: "sms", attemptId, challengeId, maskedPhone: maskPhone(phone.e164) },
      });
      push({
        ...base("SmsDispatched", { factorId: sms }),
        data: {
          challengeId,
          provider: "twilio",
          messageId: `m${index}-${i}`,
          maskedPhone: maskPhone(phone.e164),
          country: phone.country,
        },
      });
      const r = rnd();
      if (r < 0.1)
        push({
          ...base("SmsDeliveryFailed", { factorId: sms }),
          data: { challengeId, provider: "twilio", errorCode: "30003" },
        });
      else push({ ...base("SmsDelivered", { factorId: sms }), data: { challengeId, provider: "twilio" } });
      if (r < 0.2) push({ ...base("SmsCodeExpired", { factorId: sms }), data: { challengeId, attemptId } });
      else
        push({
          ...base("ChallengePassed", { factorId: sms, ...ctx(loc) }),
          data: { method: "sms", attemptId, challengeId },
        });
      continue;
    }
    const fails = rnd() < 0.35 ? 1 + Math.floor(rnd() * 3) : 0;
    for (let k = 0; k < fails; k++) {
      const failId = `${attemptId}-x${k}`;
      push({
        ...base("ChallengeFailed", { factorId: totp, ...ctx(loc) }),
        version: 2,
        data: { method: "totp", attemptId: failId, reason: "code_mismatch", consecutiveFailures: k + 1 },
      });
      const pattern = pick(PATTERNS);
      push({
        ...base("MismatchDiagnosed", { factorId: totp }),
        data: {
          attemptId: failId,
          diagnosis: {
            pattern,
            confidence: "high",
            evidence: { skewSeconds: pattern === "clock_skew" ? -97 : 0 },
            coincidenceProbability: 0.001,
            candidatesTried: 40,
          },
        },
      });
    }
    if (fails === 3 && rnd() < 0.5) {
      push({
        ...base("LockedOut"),
        data: { until: new Date(t + 900_000).toISOString(), failures: 3, lockoutNumber: 1 },
      });
      if (rnd() < 0.3) push({ ...base("GuessBudgetExhausted"), data: { scope: "account", failures: 3 } });
      push({
        ...base("SupportLookupPerformed", { actor: agent }),
        data: {
          agentId: "agent-7",
          targetUserId: userId,
          fieldsRead: ["timeline", "factors"],
          ticketRef: `T-${index}`,
        },
      });
      // a refused lookup at the same instant (built without base(): the random sequence is unchanged)
      const lookup = events.at(-1)!;
      push({
        ...lookup,
        eventId: `${lookup.eventId.slice(0, -4)}ffff`,
        type: "SupportLookupFailed",
        actor: { ...agent, ticketRef: "(none)" },
        data: {
          agentId: "agent-7",
          targetUserId: userId,
          fieldsRead: ["timeline"],
          ticketRef: "(none)",
          reason: "ticket_required",
        },
      });
      push({ ...base("Unlocked", { actor: agent }), data: { by: "support", reason: "verified identity" } });
      push({
        ...base("SupportActionTaken", { actor: agent }),
        data: { agentId: "agent-7", ticketRef: `T-${index}`, action: "unlock", note: "caller verified" },
      });
    }
    push({
      ...base("ChallengePassed", { factorId: totp, ...ctx(loc) }),
      data: { method: "totp", attemptId, step: 100 + i, offset: fails > 0 ? -3 : 0 },
    });
    if (fails > 0 && rnd() < 0.3)
      push({ ...base("DriftLearned", { factorId: totp }), data: { driftSteps: -3, previousDriftSteps: 0 } });
    if (loc === IPS[4] && rnd() < 0.3) {
      const disabled = {
        ...base("FactorDisabled", { factorId: sms }),
        data: { method: "sms" as const, by: "user" as const, reason: "lost phone" },
      };
      // a refused try half a second before, built without rnd(): the rest of the user stays as it was
      const at = Date.parse(disabled.occurredAt) - 500;
      const id = Uint8Array.from(Buffer.from(disabled.eventId.replaceAll("-", "").slice(-20), "hex"));
      id[9] = 9;
      push({
        ...disabled,
        type: "FactorDisableRefused",
        eventId: uuidV7(at, id),
        occurredAt: new Date(at).toISOString(),
        correlationId: `${disabled.correlationId}-refused`,
        data: { method: "sms", reason: "fresh_verification_required", freshVerificationMinutes: 5 },
      });
      push(disabled);
    }
  }
  if (rnd() < 0.2)
    push({
      ...base("RecoveryCodeUsed", { ...ctx() }),
      data: { batchId: `b${index}`, index: 0, attemptId: `r${index}`, remaining: 9 },
    });
  if (rnd() < 0.1)
    push({
      ...base("SecretRotated", { factorId: totp }),
      data: { oldFingerprint: fp, newFingerprint: `sha256:${hex(index * 104729, 16)}` },
    });
  if (rnd() < 0.1)
    push({ ...base("DriftReset", { factorId: totp, actor: agent }), data: { previousDriftSteps: -3 } });
  if (rnd() < 0.15) {
    const hotp = `f${index}-hotp`;
    push({
      ...base("FactorEnrollmentStarted", { factorId: hotp }),
      data: { method: "hotp", params: { algorithm: "SHA1", digits: 6 }, secretFingerprint: fp },
    });
    push({
      ...base("FactorEnrollmentAbandoned", { factorId: hotp }),
      data: { method: "hotp", reason: "cancelled" },
    });
    push({
      ...base("HotpResynced", { factorId: hotp, actor: agent }),
      data: { previousCounter: 1, nextCounter: 9 },
    });
  }
  if (rnd() < 0.05)
    push({
      ...base("FactorReset", { factorId: totp, actor: agent }),
      data: { method: "totp", by: "support", reason: "new phone" },
    });
  // last, so they draw nothing from rnd before the events above: the SMS guard's refusal and lift
  if (index % 9 === 7) {
    const refused = base("SmsSendRefused", { factorId: sms });
    push({
      ...refused,
      data: {
        attemptId: `r${index}`,
        numberPrefix: `+${phone.e164.slice(1, 3)}`,
        country: phone.country,
        reason: "burst_low_conversion",
        sends: 40,
        passed: 1,
        pending: 0,
        thresholds: { burstSends: 30, windowMinutes: 15, minConversion: 0.2, coolDownMinutes: 60 },
        refusedUntil: new Date(Date.parse(refused.occurredAt) + 3_600_000).toISOString(),
      },
    });
  }
  if (index % 11 === 5)
    push({
      ...base("SmsBlockLifted", { actor: agent, userId: "sms-guard:+44" }),
      data: { numberPrefix: "+44", reason: "operator confirmed the range" },
    });
  return { userId, events };
}

/** `users` streams; events interleaved across users in time order (as a real store would hold them). */
export function generateEvents(users: number, startMs = Date.UTC(2026, 10, 1), seed = 1): FactorlensEvent[] {
  const all: FactorlensEvent[] = [];
  for (let i = 0; i < users; i++) all.push(...generateUser(i, startMs, seed).events);
  return all.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
}
