import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BASE32_ALPHABET, decodeBase32, encodeBase32 } from "../otp/base32";
import { hotpCode } from "../otp/hotp";
import { totpCode, totpStep } from "../otp/totp";
import type { OtpAlgorithm, TotpParams } from "../otp/types";
import { DiagnosisSchema } from "./schema";
import { diagnoseMismatch } from "./search";
import type { DiagnosisInput, MismatchPattern } from "./types";

const P: TotpParams = { algorithm: "SHA1", digits: 6, period: 30 };
const HOUR = 3600;

interface Scenario {
  cause: MismatchPattern;
  input: DiagnosisInput;
  check?: (evidence: Record<string, unknown>) => void;
}

/** Any base32 character but `c`, chosen by `u` in [0, 1). */
const otherChar = (c: string, u: number): string => {
  const others = BASE32_ALPHABET.replace(c, "");
  return others.charAt(Math.floor(u * others.length));
};

/** Builds a failure with one injected cause, or null when that draw is not identifiable (e.g. accepted). */
function build(
  kind: number,
  secret: Uint8Array,
  other: Uint8Array,
  nowMs: number,
  r: number[],
): Scenario | null {
  const current = totpStep(nowMs, 30);
  const base = {
    method: "totp" as const,
    nowMs,
    secret,
    params: P,
    policy: { window: 1, driftSteps: 0, lastAcceptedStep: current - 20 },
  };
  const pick = <T>(xs: readonly T[], u: number): T => xs[Math.floor(u * xs.length)] as T;
  const [u1 = 0, u2 = 0, u3 = 0] = r;
  switch (kind) {
    case 0: {
      const skew = Math.round((u1 * 2 - 1) * 890);
      const step = totpStep(nowMs + skew * 1000, 30);
      if (Math.abs(step - current) <= 1 || step === current - 20) return null;
      return {
        cause: "clock_skew",
        input: { ...base, code: totpCode(secret, P, step) },
        check: (e) => expect(Math.abs((e.skewSeconds as number) - skew)).toBeLessThanOrEqual(30),
      };
    }
    case 1: {
      // whole and half hours, and the 45-minute zones (+5:45 Nepal, +8:45 Eucla, +12:45 Chatham)
      const minutes = pick([-840, -600, -300, -60, -30, 30, 60, 210, 345, 525, -765, 570, 840], u1);
      const slack = Math.round((u2 * 2 - 1) * 110);
      const step = totpStep(nowMs + (minutes * 60 + slack) * 1000, 30);
      return {
        cause: "timezone_offset",
        input: { ...base, code: totpCode(secret, P, step) },
        check: (e) => expect(e.timezoneOffsetMinutes).toBe(minutes),
      };
    }
    case 2: {
      const accepted = current - Math.floor(u1 * 10);
      const policy = { window: 1, driftSteps: 0, lastAcceptedStep: accepted };
      return {
        cause: "replayed_code",
        input: { ...base, policy, acceptedSteps: [accepted - 3], code: totpCode(secret, P, accepted) },
      };
    }
    case 3: {
      const retiredSecrets = [{ secret: other, retiredAtMs: nowMs - u1 * 20 * 24 * HOUR * 1000 }];
      return {
        cause: "stale_secret",
        input: { ...base, retiredSecrets, code: totpCode(other, P, current + pick([-1, 0, 1], u2)) },
      };
    }
    case 4: {
      const valid = totpCode(secret, P, current + pick([-1, 0, 1], u1));
      const i = Math.floor(u2 * 6);
      let typed: string;
      if (u3 < 0.5) {
        typed =
          valid.slice(0, i) + String((Number(valid[i]) + 1 + Math.floor(u3 * 18)) % 10) + valid.slice(i + 1);
      } else {
        const j = Math.min(i, 4);
        if (valid[j] === valid[j + 1]) return null;
        typed = valid.slice(0, j) + valid[j + 1] + valid[j] + valid.slice(j + 2);
      }
      if ([-1, 0, 1].some((d) => totpCode(secret, P, current + d) === typed)) return null;
      return { cause: "digit_typo", input: { ...base, code: typed } };
    }
    case 5: {
      const counter = Math.floor(u1 * 100);
      return {
        cause: "counter_mode",
        input: { ...base, code: hotpCode(secret, P, counter) },
        check: (e) => expect(e.counter).toBe(counter),
      };
    }
    case 6: {
      const alt: TotpParams = {
        algorithm: pick<OtpAlgorithm>(["SHA1", "SHA256", "SHA512"], u1),
        digits: u2 < 0.3 ? 8 : 6,
        period: u3 < 0.5 ? 60 : 30,
      };
      if (alt.algorithm === "SHA1" && alt.digits === 6 && alt.period === 30) return null;
      return {
        cause: "wrong_parameters",
        input: { ...base, code: totpCode(secret, alt, totpStep(nowMs, alt.period)) },
      };
    }
    case 7: {
      const text = encodeBase32(secret);
      const i = Math.floor(u1 * text.length);
      const edit = pick(["changed", "dropped", "doubled"] as const, u2);
      const typed =
        edit === "changed"
          ? text.slice(0, i) + otherChar(text.charAt(i), u3) + text.slice(i + 1)
          : edit === "dropped"
            ? text.slice(0, i) + text.slice(i + 1)
            : text.slice(0, i + 1) + text.slice(i);
      const key = decodeBase32(typed);
      if (Buffer.from(key).equals(Buffer.from(secret))) return null; // e.g. the last character doubled
      const input = {
        ...base,
        policy: { ...base.policy, lastAcceptedStep: null },
        enrollmentConfirmation: true,
      };
      return {
        cause: "secret_entry_typo",
        // The search covers the current step only (a typo plus a step of drift is two causes).
        input: { ...input, code: totpCode(key, P, current) },
      };
    }
    case 8: {
      const H = { algorithm: "SHA1" as const, digits: 6 as const };
      const ahead = 11 + Math.floor(u1 * 990);
      const policy = { counter: 40, lookAhead: 10 };
      return {
        cause: "hotp_counter_ahead",
        input: { method: "hotp", nowMs, secret, params: H, policy, code: hotpCode(secret, H, 40 + ahead) },
        check: (e) => expect(e.offsetSteps).toBe(ahead),
      };
    }
    default: {
      const codes = ["111111", "222222", "333333"];
      const expired = u1 < 0.5;
      const challenges = codes.map((c, k) => ({
        challengeId: `ch-${k}`,
        sentAtMs: nowMs - (3 - k) * 120_000,
        expiresAtMs: nowMs - (3 - k) * 120_000 + (expired ? 60_000 : 300_000),
        deliveryState: "delivered" as const,
        matches: (code: string) => code === c,
      }));
      return expired
        ? { cause: "sms_expired_code", input: { method: "sms", nowMs, challenges, code: "333333" } }
        : {
            cause: "sms_stale_code",
            input: { method: "sms", nowMs, challenges, code: "111111" },
            check: (e) => expect(e.smsChallengesBack).toBe(2),
          };
    }
  }
}

const scenarioArb = fc.tuple(
  fc.integer({ min: 0, max: 9 }),
  fc.uint8Array({ minLength: 20, maxLength: 20 }),
  fc.uint8Array({ minLength: 20, maxLength: 20 }),
  fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
  fc.array(
    fc.integer({ min: 0, max: 999_999 }).map((i) => i / 1_000_000),
    { minLength: 3, maxLength: 3 },
  ),
);

describe("diagnoseMismatch on generated failures", () => {
  it("names the injected cause in ≥ 99% of identifiable cases, with consistent evidence and no secret or code", () => {
    const draws = fc.sample(scenarioArb, { numRuns: 1500, seed: 20261126 });
    const perCause = new Map<MismatchPattern, { n: number; hit: number }>();
    let n = 0;
    let hits = 0;
    const misses: string[] = [];
    for (const [kind, secret, other, nowMs, r] of draws) {
      const scenario = build(kind, secret, other, nowMs, r);
      if (!scenario) continue;
      const diagnosis = diagnoseMismatch(scenario.input);
      expect(DiagnosisSchema.parse(diagnosis)).toEqual(diagnosis);
      expect(JSON.stringify(diagnosis.evidence)).not.toContain(scenario.input.code);
      expect(JSON.stringify(diagnosis)).not.toContain(encodeBase32(secret).slice(0, 8));
      const stats = perCause.get(scenario.cause) ?? { n: 0, hit: 0 };
      stats.n++;
      n++;
      if (diagnosis.pattern !== scenario.cause) misses.push(`${scenario.cause}→${diagnosis.pattern}`);
      if (diagnosis.pattern === scenario.cause) {
        stats.hit++;
        hits++;
        scenario.check?.(diagnosis.evidence);
      }
      perCause.set(scenario.cause, stats);
    }
    const summary = Object.fromEntries([...perCause].map(([k, v]) => [k, `${v.hit}/${v.n}`]));
    console.info(`diagnosis scenario hit rate ${hits}/${n}`, summary, misses);
    expect(n).toBeGreaterThan(1200);
    expect(perCause.size).toBe(11);
    expect(hits / n).toBeGreaterThanOrEqual(0.99);
  });
});
