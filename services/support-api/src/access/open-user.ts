import type { SupportLookupFailure } from "@factorlens/domain";
import type { UserAccountView } from "@factorlens/read-models";
import { type FieldNode, type GraphQLResolveInfo, Kind } from "graphql";
import { isAgent } from "../auth/principal";
import type { SupportContext } from "../context";
import { SupportApiError } from "../errors";
import { selectedFields } from "./selected-fields";
import { parseTicket, parseUserId } from "./ticket";

/** What an agent holds after opening a user on a ticket; the parent of every User field. */
export interface UserAccess {
  userId: string;
  ticket: string;
  agentId: string;
  state: UserAccountView;
}

/** Ticket recorded when the ticket itself was the problem (the raw input is never stored). */
const NO_TICKET = "(none)";
const BAD_TICKET = "(malformed)";

/** Fields read on `typeName` by every root field of the operation with this field's name (aliases). */
function fieldsOfOperation(info: GraphQLResolveInfo, typeName: string): string[] {
  const roots = info.operation.selectionSet.selections.filter(
    (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === info.fieldName,
  );
  const nodes = roots.length > 0 ? roots : info.fieldNodes;
  return [...new Set(nodes.flatMap((n) => selectedFields(n.selectionSet, typeName, info.fragments)))].sort();
}

/**
 * Opens a user for an agent. Every lookup is audited BEFORE any data is returned (fail closed):
 * found → SupportLookupPerformed; a miss or a refusal (role, ticket, per-request bound, per-agent
 * rate limit) → SupportLookupFailed, then the typed error. The same user opened again in the
 * same request is not audited again (unless new fields are read) and costs no further lookup.
 */
export async function openUser(
  ctx: SupportContext,
  args: { id: string; ticket: string | null | undefined },
  info: GraphQLResolveInfo,
  typeName = "User",
): Promise<UserAccess> {
  const principal = ctx.principal;
  if (!principal) throw new SupportApiError("UNAUTHENTICATED", "Not authenticated.");
  const userId = parseUserId(args.id);
  const fields = fieldsOfOperation(info, typeName);
  const seen = ctx.lookups.opened.get(userId);
  if (seen) {
    const fresh = fields.filter((f) => !seen.fields.has(f));
    const access = (await seen.outcome) as UserAccess;
    if (fresh.length > 0) {
      for (const f of fresh) seen.fields.add(f);
      await ctx.deps.actions.recordLookup(
        { agentId: principal.subject, ticket: access.ticket },
        userId,
        fresh,
      );
    }
    return access;
  }
  const outcome = open();
  ctx.lookups.opened.set(userId, { outcome, fields: new Set(fields) });
  return outcome;

  async function open(): Promise<UserAccess> {
    const agentId = principal!.subject;
    const refuse = async (ticket: string, failure: SupportLookupFailure, error: SupportApiError) => {
      await ctx.deps.actions.recordLookup({ agentId, ticket }, userId, fields, failure);
      throw error;
    };
    const given = args.ticket?.trim() ? args.ticket : null;
    let ticket: string;
    try {
      ticket = parseTicket(args.ticket);
    } catch (e) {
      const failure = given === null ? "ticket_required" : "ticket_malformed";
      return refuse(given === null ? NO_TICKET : BAD_TICKET, failure, e as SupportApiError);
    }
    if (!isAgent(principal!))
      return refuse(ticket, "forbidden", new SupportApiError("FORBIDDEN", "Only support agents open users."));
    const limits = ctx.lookups.limits;
    if (ctx.lookups.opened.size >= limits.perRequest)
      return refuse(
        ticket,
        "too_many_users",
        new SupportApiError("LIMIT_EXCEEDED", `One request may open at most ${limits.perRequest} users.`),
      );
    if (!ctx.lookups.limiter.take(agentId))
      return refuse(
        ticket,
        "rate_limited",
        new SupportApiError(
          "RATE_LIMITED",
          `Too many lookups: at most ${limits.perAgentPerMinute} users per minute per agent. Try again shortly.`,
        ),
      );
    const state = await ctx.deps.readModels.getUserFactors(userId);
    if (!state) return refuse(ticket, "no_such_user", new SupportApiError("NOT_FOUND", "No such user."));
    await ctx.deps.actions.recordLookup({ agentId, ticket }, userId, fields);
    return { userId, ticket, agentId, state };
  }
}
