import { coincidenceProbability } from "./probability";
import type { Diagnosis } from "./schema";
import type { SmsChallengeView, SmsDiagnosisInput } from "./types";

/**
 * Late delivery or late entry, from the send, receipt and entry times: a receipt that left less
 * than a minute (or half the validity, for short-lived codes) before expiry is the carrier's delay;
 * a receipt in time means the user typed the code late. No receipt: the timing cannot tell.
 */
function expiryTiming(c: SmsChallengeView, nowMs: number): Diagnosis["evidence"] {
  const validityMs = c.expiresAtMs - c.sentAtMs;
  const timing: Diagnosis["evidence"] = {
    smsValiditySeconds: Math.max(0, Math.round(validityMs / 1000)),
    smsEnteredAfterSeconds: Math.max(0, Math.round((nowMs - c.sentAtMs) / 1000)),
  };
  if (c.deliveryState !== "delivered" || c.deliveredAtMs === undefined) return timing;
  const leftMs = c.expiresAtMs - c.deliveredAtMs;
  return {
    ...timing,
    smsDeliveredAfterSeconds: Math.round((c.deliveredAtMs - c.sentAtMs) / 1000),
    smsLate: leftMs < Math.min(60_000, validityMs / 2) ? "delivery" : "entry",
  };
}

/**
 * SMS failures: the code matches the current challenge after expiry, or an earlier challenge;
 * otherwise, when the current message has no delivery receipt, it was probably not delivered.
 * Each `matches` call is one candidate.
 */
export function diagnoseSms(input: SmsDiagnosisInput): Diagnosis {
  const { code, nowMs } = input;
  const digits = code.length;
  const sorted = [...input.challenges].sort((a, b) => b.sentAtMs - a.sentAtMs);
  const [current, ...earlier] = sorted;
  const result = (
    pattern: Diagnosis["pattern"],
    tried: number,
    evidence: Diagnosis["evidence"],
  ): Diagnosis => {
    const p = coincidenceProbability(tried, digits);
    return {
      pattern,
      confidence: p < 1e-4 ? "high" : p < 1e-3 ? "medium" : "low",
      evidence,
      coincidenceProbability: p,
      candidatesTried: tried,
    };
  };
  if (!current || !/^[0-9]+$/.test(code)) return result("no_match", 0, { codeLength: digits });

  if (current.matches(code)) {
    if (nowMs > current.expiresAtMs) {
      return result("sms_expired_code", 1, {
        smsChallengeId: current.challengeId,
        expiredSecondsAgo: Math.round((nowMs - current.expiresAtMs) / 1000),
        deliveryState: current.deliveryState,
        ...expiryTiming(current, nowMs),
      });
    }
    return result("no_match", 1, { smsChallengeId: current.challengeId, matchesAcceptWindow: true });
  }
  for (let i = 0; i < earlier.length; i++) {
    const challenge = earlier[i];
    if (challenge?.matches(code)) {
      return result("sms_stale_code", 1 + earlier.length, {
        smsChallengeId: challenge.challengeId,
        smsChallengesBack: i + 1,
        deliveryState: current.deliveryState,
      });
    }
  }
  const tried = 1 + earlier.length;
  if (current.deliveryState !== "delivered") {
    const diagnosis = result("sms_not_delivered", tried, {
      smsChallengeId: current.challengeId,
      deliveryState: current.deliveryState,
    });
    return { ...diagnosis, confidence: current.deliveryState === "failed" ? "high" : "medium" };
  }
  // Delivered, and neither the latest code (valid or expired) nor an earlier one: say so.
  const ruledOut = [...(earlier.length > 0 ? ["sms_stale_code" as const] : []), "sms_expired_code" as const];
  return result("no_match", tried, {
    smsChallengeId: current.challengeId,
    deliveryState: current.deliveryState,
    searched: { ruledOut: [...ruledOut, "sms_not_delivered"], smsChallenges: sorted.length },
  });
}
