import { z } from "zod";
import { SupportApiError } from "../errors";

/** A help-desk ticket reference, e.g. "ZD-48213" or "SUP_2026_0042". */
const ticketSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9]{0,15}[-_][A-Za-z0-9_-]{1,40}$/);

export function parseTicket(ticket: string | null | undefined): string {
  if (ticket === null || ticket === undefined || ticket.trim() === "")
    throw new SupportApiError("TICKET_REQUIRED", "A ticket reference is required to open a user.");
  const parsed = ticketSchema.safeParse(ticket);
  if (!parsed.success) throw new SupportApiError("INVALID_INPUT", "Ticket reference is malformed.");
  return parsed.data;
}

const USER_ID_MALFORMED = "User id is malformed.";
/** A user id as the support API accepts it; every broken rule says USER_ID_MALFORMED. */
export const userIdRule = z
  .string()
  .min(1, USER_ID_MALFORMED)
  .max(128, USER_ID_MALFORMED)
  .regex(/^[A-Za-z0-9._:@-]+$/, USER_ID_MALFORMED);
export function parseUserId(id: string): string {
  const parsed = userIdRule.safeParse(id);
  if (!parsed.success) throw new SupportApiError("INVALID_INPUT", USER_ID_MALFORMED);
  return parsed.data;
}
