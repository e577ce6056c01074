import { coincidenceProbability } from "./probability";
import type { Diagnosis } from "./schema";
import type { SmsDiagnosisInput } from "./types";

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
  return result("no_match", tried, {
    smsChallengeId: current.challengeId,
    deliveryState: current.deliveryState,
  });
}
