import type { z } from "zod";
import type { EventType } from "./catalogue";
import { ChallengeFailedV1, type ChallengeFailureReason, LOCKOUT_COUNTED_REASONS } from "./challenge-events";

/** A JSON object as read from the store or the wire, before validation. */
export type RawEvent = { [key: string]: unknown };

/**
 * One step of an upcast chain: validate the event at `fromVersion` and return it at
 * `fromVersion + 1`. The last step's output is validated against the current schema.
 */
export interface Upcaster {
  schema: z.ZodType;
  upcast: (event: RawEvent) => RawEvent;
}

const V1_REASONS: Record<string, ChallengeFailureReason> = {
  invalid_code: "code_mismatch",
  replayed: "replayed",
  expired: "expired",
  locked: "locked_out",
};

/**
 * ChallengeFailed v1 → v2: reasons renamed (`invalid_code` → `code_mismatch`, `locked` →
 * `locked_out`), `consecutiveFailures` added. v1 did not record the count; it is informational only (the decider
 * counts failures itself in `evolve`), so 1 for a counted reason and 0 otherwise.
 */
const challengeFailedV1: Upcaster = {
  schema: ChallengeFailedV1,
  upcast: (event) => {
    const v1 = ChallengeFailedV1.parse(event);
    const reason = V1_REASONS[v1.data.reason] ?? "code_mismatch";
    return {
      ...v1,
      version: 2,
      data: { ...v1.data, reason, consecutiveFailures: LOCKOUT_COUNTED_REASONS.has(reason) ? 1 : 0 },
    };
  },
};

/** type → (older version → upcaster to the next version). */
export const UPCASTERS: Partial<Record<EventType, Record<number, Upcaster>>> = {
  ChallengeFailed: { 1: challengeFailedV1 },
};
