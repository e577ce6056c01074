import type { EventOf } from "@factorlens/domain";
import type { BatchState } from "./batch-state";
import { type ApplyDeps, attemptRow } from "./context";

/** Prefix of the reason of a refused SMS on the timeline (`sms_refused_burst_low_conversion`). */
export const SMS_REFUSED_REASON_PREFIX = "sms_refused_";

/**
 * The verifier's SMS guard refused a send: one row per refusal (the prefix and figures the guard
 * decided on; never a number) for the fraud SMS list, and the attempt on the user's timeline,
 * outcome `refused` (no code was sent, so no pattern or failure rollup counts it). Lifts
 * (SmsBlockLifted) are support changes: the audit log has them.
 */
export const applySmsSendRefused = (
  s: BatchState,
  e: EventOf<"SmsSendRefused">,
  eventId: string,
  position: number,
  deps: ApplyDeps,
): void => {
  const a = attemptRow(s, e, e.data.attemptId, position, deps);
  Object.assign(a, {
    method: "sms",
    outcome: "refused",
    reason: `${SMS_REFUSED_REASON_PREFIX}${e.data.reason}`,
    completed_at: e.occurredAt,
    evidence: { numberPrefix: e.data.numberPrefix, refusedUntil: e.data.refusedUntil },
  });
  s.smsSendRefusals.push({
    event_id: eventId,
    position,
    occurred_at: e.occurredAt,
    user_id: e.userId,
    factor_id: e.factorId,
    attempt_id: e.data.attemptId,
    number_prefix: e.data.numberPrefix,
    country: e.data.country,
    reason: e.data.reason,
    sends: e.data.sends,
    passed: e.data.passed,
    pending: e.data.pending,
    refused_until: e.data.refusedUntil,
  });
};
