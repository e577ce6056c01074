import { randomUUID } from "node:crypto";
import type { NewEvent } from "@factorlens/event-store";

/**
 * A challenge event of `userId` as the verifier appends it (ChallengeFailed unless `type` says
 * otherwise), new ids each call; `data` and `metadata` add to (or override) the usual fields.
 */
export const challengeEvent = (
  userId: string,
  options: { type?: string; data?: Record<string, unknown>; metadata?: Record<string, unknown> } = {},
): NewEvent => ({
  id: randomUUID(),
  type: options.type ?? "ChallengeFailed",
  data: {
    userId,
    factorId: `f-${userId}`,
    attemptId: randomUUID(),
    method: "totp",
    reason: "mismatch",
    ...options.data,
  },
  metadata: { schemaVersion: 1, ...options.metadata },
});
