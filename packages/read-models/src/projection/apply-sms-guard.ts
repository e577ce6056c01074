import type { EventOf } from "@factorlens/domain";
import type { BatchState } from "./batch-state";

/**
 * The verifier's SMS guard refused a send: one row per refusal (the prefix and figures the guard
 * decided on; never a number) for the fraud SMS list. The refused attempt on the user's timeline
 * is the attempt fold's (src/fold/attempt.ts). Lifts (SmsBlockLifted) are support changes: the
 * audit log has them.
 */
export const applySmsSendRefused = (
  s: BatchState,
  e: EventOf<"SmsSendRefused">,
  eventId: string,
  position: number,
): void => {
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
