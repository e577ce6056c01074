/**
 * Prepared HOTP diagnosis searches, reused across the failures of one factor: while a token's
 * counter does not move (a user mistyping, or an attacker guessing), every failure searches the
 * same candidate codes (look-ahead, replay, counter far ahead, other parameters, typos), so they
 * are computed once. The search is keyed by everything its candidates depend on (factor, secret
 * fingerprint, parameters, counter, look-ahead, enrollment or not) and only cached without retired
 * secrets (their evidence depends on the time). Bounded LRU, in memory, like the secret cache;
 * the same answer as a fresh search, for less CPU.
 */
import {
  type DiagnosisSearch,
  type HotpDiagnosisInput,
  prepareDiagnosis,
  secretFingerprint,
} from "@factorlens/domain";
import { Lru } from "../lru";

export interface DiagnosisSearches {
  hotp(userId: string, factorId: string, input: HotpDiagnosisInput): DiagnosisSearch;
}

export function createDiagnosisSearches(size: number): DiagnosisSearches {
  const cache = new Lru<string, DiagnosisSearch>(size);
  return {
    hotp(userId, factorId, input) {
      const { code: _code, ...prepared } = input;
      if ((input.retiredSecrets ?? []).length > 0) return prepareDiagnosis(prepared);
      const key = [
        userId,
        factorId,
        secretFingerprint(input.secret),
        input.params.algorithm,
        input.params.digits,
        input.policy.counter,
        input.policy.lookAhead,
        input.enrollmentConfirmation === true,
        JSON.stringify(input.limits ?? null),
      ].join("\u0000");
      const hit = cache.get(key);
      if (hit) return hit;
      const search = prepareDiagnosis(prepared);
      cache.set(key, search);
      return search;
    },
  };
}
