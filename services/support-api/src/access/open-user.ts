import type { GraphQLResolveInfo } from "graphql";
import type { SupportContext } from "../context";
import { SupportApiError } from "../errors";
import type { UserFactorsRow } from "../ports";
import { selectedFields } from "./selected-fields";
import { parseTicket, parseUserId } from "./ticket";

/** What an agent holds after opening a user on a ticket; the parent of every User field. */
export interface UserAccess {
  userId: string;
  ticket: string;
  agentId: string;
  state: UserFactorsRow;
}

/**
 * Opens a user for an agent: ticket required, the user must exist, and the lookup (agent, user,
 * fields read, ticket) is appended to the user's stream BEFORE any data is returned: if the audit
 * cannot be written, nothing is read (fail closed).
 */
export async function openUser(
  ctx: SupportContext,
  args: { id: string; ticket: string | null | undefined },
  info: GraphQLResolveInfo,
  typeName = "User",
): Promise<UserAccess> {
  const principal = ctx.principal;
  if (!principal) throw new SupportApiError("UNAUTHENTICATED", "Not authenticated.");
  const ticket = parseTicket(args.ticket);
  const userId = parseUserId(args.id);
  const state = await ctx.deps.readModels.getUserFactors(userId);
  if (!state) throw new SupportApiError("NOT_FOUND", "No such user.");
  const fields = info.fieldNodes.flatMap((n) => selectedFields(n.selectionSet, typeName, info.fragments));
  await ctx.deps.actions.recordLookup(
    { agentId: principal.subject, ticket },
    userId,
    [...new Set(fields)].sort(),
  );
  return { userId, ticket, agentId: principal.subject, state };
}
