import { z } from "zod";
import { defineUserEvent } from "./envelope";
import { IdString } from "./primitives";
import { SUPPORT_NOTE_MAX_LENGTH } from "./support-note";

/** Support access is itself audited: every lookup and every action is an event. */
export const SupportLookupPerformed = defineUserEvent(
  "SupportLookupPerformed",
  1,
  z.strictObject({
    agentId: IdString,
    targetUserId: IdString,
    fieldsRead: z.array(z.string().min(1).max(64)).min(1).max(64),
    ticketRef: IdString,
  }),
);

/**
 * Why a support lookup returned nothing: a miss (no such user) or a refusal. Recorded too, so that
 * user ids cannot be probed without trace. The ticket is "(none)" or "(malformed)" when it was the
 * reason (the raw input is never stored).
 */
export const SUPPORT_LOOKUP_FAILURES = [
  "no_such_user",
  "ticket_required",
  "ticket_malformed",
  "forbidden",
  "rate_limited",
  "too_many_users",
] as const;
export type SupportLookupFailure = (typeof SUPPORT_LOOKUP_FAILURES)[number];

export const SupportLookupFailed = defineUserEvent(
  "SupportLookupFailed",
  1,
  z.strictObject({
    agentId: IdString,
    targetUserId: IdString,
    fieldsRead: z.array(z.string().min(1).max(64)).max(64),
    ticketRef: IdString,
    reason: z.enum(SUPPORT_LOOKUP_FAILURES),
  }),
);

export const SUPPORT_ACTIONS = [
  "unlock",
  "disable_factor",
  "reset_factor",
  "reset_drift",
  "resync_hotp",
  "note",
] as const;

export const SupportActionTaken = defineUserEvent(
  "SupportActionTaken",
  1,
  z.strictObject({
    agentId: IdString,
    ticketRef: IdString,
    action: z.enum(SUPPORT_ACTIONS),
    note: z.string().max(SUPPORT_NOTE_MAX_LENGTH).optional(),
  }),
);
