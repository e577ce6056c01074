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
