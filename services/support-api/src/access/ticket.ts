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

const userIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/);
export function parseUserId(id: string): string {
  const parsed = userIdSchema.safeParse(id);
  if (!parsed.success) throw new SupportApiError("INVALID_INPUT", "User id is malformed.");
  return parsed.data;
}
