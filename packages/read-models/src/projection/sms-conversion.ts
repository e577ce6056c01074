import { attemptKey, type BatchState } from "./batch-state";

/**
 * SMS conversion is counted per challenge: a passed SMS code marks the attempt that SENT its
 * challenge (which carries the destination's country, prefix and type), once. The verify attempt
 * itself has no phone, so counting it there would credit every conversion to no prefix.
 */
export const noteSmsVerified = (s: BatchState, challengeId: string | undefined, at: string): void => {
  if (challengeId === undefined) return;
  const sent = s.attemptForChallenge(challengeId);
  if (!sent || sent.sms_verified_at !== null) return;
  sent.sms_verified_at = at;
  s.dirtyAttempts.add(attemptKey(sent));
};
