import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hotpCode } from "../otp/hotp";
import { totpCode, totpStep } from "../otp/totp";
import { DiagnosisSchema } from "./schema";
import { diagnoseMismatch, prepareDiagnosis } from "./search";
import { diagnoseSms } from "./sms";
import { totpSearched } from "./test-fixtures";

const P = { algorithm: "SHA1", digits: 6, period: 30 } as const;
const NOW = 1_764_000_015_000;
const SECRET = new Uint8Array(20).map((_, i) => i * 7 + 3);
const policy = { window: 1, driftSteps: 1, lastAcceptedStep: totpStep(NOW, 30) - 1 };
const totp = (enrollmentConfirmation = false) =>
  prepareDiagnosis({ method: "totp", nowMs: NOW, secret: SECRET, params: P, policy, enrollmentConfirmation });

/** A code of `digits` digits that the search explains with nothing. */
function unexplained(search: { diagnose(c: string): { pattern: string } }, digits = 6): string {
  for (let n = 123_457; ; n = (n + 7_919) % 10 ** digits) {
    const code = String(n % 10 ** digits).padStart(digits, "0");
    if (search.diagnose(code).pattern === "no_match") return code;
  }
}

describe("a search that finds no cause says what it ruled out", () => {
  it("TOTP: the explanations tried, the clock and time-zone bounds, the digits and the learned drift", () => {
    const search = totp();
    const d = search.diagnose(unexplained(search));
    expect(d.pattern).toBe("no_match");
    expect(d.evidence).toEqual({ codeLength: 6, searched: totpSearched(30) });
    expect(DiagnosisSchema.parse(d)).toEqual(d);
  });

  it("an enrollment confirmation also rules out a mistyped setup key; a wrong length, a dropped or doubled digit", () => {
    const confirm = totp(true);
    expect(confirm.diagnose(unexplained(confirm)).evidence.searched?.ruledOut).toContain("secret_entry_typo");
    const search = totp();
    const five = search.diagnose(unexplained(search, 5));
    expect(five.evidence).toMatchObject({ codeLength: 5, searched: { ruledOut: ["digit_typo"], digits: 6 } });
    expect(search.diagnose("1234").evidence.searched?.ruledOut).toEqual([]);
  });

  it("HOTP: the used counters and the presses ahead searched", () => {
    const search = prepareDiagnosis({
      method: "hotp",
      nowMs: NOW,
      secret: SECRET,
      params: { algorithm: "SHA1", digits: 6 },
      policy: { counter: 40, lookAhead: 5 },
    });
    const d = search.diagnose(unexplained(search));
    expect(d.evidence.searched).toMatchObject({ digits: 6, hotpAhead: 1000, hotpBack: 10 });
    expect(d.evidence.searched?.ruledOut).toEqual(
      expect.arrayContaining(["replayed_code", "hotp_counter_ahead", "digit_typo", "wrong_parameters"]),
    );
  });

  it("SMS: a delivered latest message and the earlier ones checked", () => {
    const challenge = (id: string, sentAtMs: number) => ({
      challengeId: id,
      sentAtMs,
      expiresAtMs: sentAtMs + 300_000,
      deliveryState: "delivered" as const,
      deliveredAtMs: sentAtMs + 4_000,
      matches: () => false,
    });
    const d = diagnoseSms({
      method: "sms",
      code: "482913",
      nowMs: NOW,
      challenges: [challenge("c1", NOW - 200_000), challenge("c2", NOW - 60_000)],
    });
    expect(d.evidence.searched).toEqual({
      ruledOut: ["sms_stale_code", "sms_expired_code", "sms_not_delivered"],
      smsChallenges: 2,
    });
  });

  it("never rules out the explanation a code actually has (clock errors, reuse, counter mode)", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
        fc.oneof(
          fc.integer({ min: -30, max: 30 }).map((k) => ({ pattern: "clock_skew", k })),
          fc.integer({ min: 0, max: 100 }).map((k) => ({ pattern: "counter_mode", k })),
        ),
        (secret, nowMs, cause) => {
          const current = totpStep(nowMs, 30);
          const code =
            cause.pattern === "clock_skew"
              ? totpCode(secret, P, current + cause.k)
              : hotpCode(secret, { algorithm: "SHA1", digits: 6 }, cause.k);
          const d = diagnoseMismatch({
            method: "totp",
            code,
            nowMs,
            secret,
            params: P,
            policy: { window: 1, driftSteps: 0, lastAcceptedStep: current - 5 },
          });
          expect(d.evidence.searched?.ruledOut ?? []).not.toContain(cause.pattern);
        },
      ),
      { numRuns: 300 },
    );
  });
});
