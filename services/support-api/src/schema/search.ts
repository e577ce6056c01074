import type { UserSearchHit as UserSearchHitView } from "@factorlens/read-models";
import { DEFAULT_PAGE, isReadModelsError, parseIpOrNetwork } from "@factorlens/read-models";
import { parseTicket } from "../access/ticket";
import { isAgent, isAnalyst } from "../auth/principal";
import type { SupportContext } from "../context";
import { SupportApiError } from "../errors";
import { AccountRef, type AccountView } from "./account";
import { agentOrAnalyst, builder } from "./builder";
import { DateTime } from "./scalars";

const DAY_MS = 86_400_000;
const MAX_RANGE_MS = 31 * DAY_MS;
const PREFIX = /^[A-Za-z0-9._:@-]{2,128}$/;

type HitView = UserSearchHitView & AccountView;
type Criterion = { idPrefix: string } | { ip: string; from: Date; to: Date };

const UserSearchHit = builder.objectRef<HitView>("UserSearchHit").implement({
  description: "A user found by `searchUsers`.",
  fields: (t) => ({
    account: t.field({ type: AccountRef, resolve: (h) => ({ userId: h.userId, revealed: h.revealed }) }),
    failures: t.exposeInt("failures", {
      description: "Failures from the IP or network in the window (0 for an id-prefix match).",
    }),
    lastFailureAt: t.field({
      type: DateTime,
      nullable: true,
      description: "Start of the last hour with such a failure.",
      resolve: (h) => (h.lastFailureAt === null ? null : new Date(h.lastFailureAt)),
    }),
    ips: t.exposeStringList("ips", {
      description: "IPs inside the network that failed for the user (≤ 10).",
    }),
  }),
});

const UserSearchConnection = builder.connectionObject({ type: UserSearchHit, name: "UserSearchConnection" });

/** The search as asked; INVALID_INPUT names the argument. */
function criterion(
  ctx: SupportContext,
  args: { idPrefix?: string | null; ip?: string | null; from?: Date | null; to?: Date | null },
): Criterion {
  if ((args.idPrefix == null) === (args.ip == null))
    throw new SupportApiError("INVALID_INPUT", "Give exactly one of idPrefix or ip.");
  if (args.idPrefix != null) {
    if (!PREFIX.test(args.idPrefix))
      throw new SupportApiError(
        "INVALID_INPUT",
        "idPrefix: 2 to 128 user-id characters (A-Z a-z 0-9 . _ : @ -).",
      );
    return { idPrefix: args.idPrefix };
  }
  try {
    parseIpOrNetwork(args.ip!);
  } catch {
    throw new SupportApiError(
      "INVALID_INPUT",
      "ip: an IP address, or a network of /8 (IPv6 /32) or narrower.",
    );
  }
  const to = args.to ?? new Date(ctx.deps.clock.now().getTime() + 1);
  const from = args.from ?? new Date(to.getTime() - 7 * DAY_MS);
  if (from > to || to.getTime() - from.getTime() > MAX_RANGE_MS)
    throw new SupportApiError("INVALID_INPUT", "from/to: the range must be ordered and at most 31 days.");
  return { ip: args.ip!, from, to };
}

/** The read models' page (their page rule and cursors); their refusals become INVALID_INPUT naming the argument. */
async function search(
  ctx: SupportContext,
  q: Criterion,
  page: { first: number | undefined; after: string | null },
) {
  try {
    return "idPrefix" in q
      ? await ctx.deps.readModels.searchUsersByIdPrefix({ prefix: q.idPrefix, ...page })
      : await ctx.deps.readModels.searchUsersByIp({
          ip: q.ip,
          from: q.from.toISOString(),
          to: q.to.toISOString(),
          ...page,
        });
  } catch (e) {
    if (isReadModelsError(e, "invalid_cursor"))
      throw new SupportApiError("INVALID_INPUT", "after: not a cursor of this search.");
    if (isReadModelsError(e, "invalid_argument"))
      throw new SupportApiError("INVALID_INPUT", `first: ${e.message}.`);
    throw e;
  }
}

builder.queryField("searchUsers", (t) =>
  t.field({
    type: UserSearchConnection,
    description:
      "Finds users by user-id prefix, or by an IP or network (e.g. 203.0.113.0/24) they failed from in [from, to) (default: the last 7 days), one page at a time. A support agent on a ticket sees user ids, each user found being audited (SupportLookupPerformed) before the page is returned; a fraud analyst without a ticket sees pseudonyms (IP search only). One search counts as one lookup against the agent's rate limit.",
    ...agentOrAnalyst,
    args: {
      idPrefix: t.arg.string(),
      ip: t.arg.string(),
      ticket: t.arg.string(),
      from: t.arg({ type: DateTime }),
      to: t.arg({ type: DateTime }),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    complexity: (args) => ({ field: 5, multiplier: args.first ?? DEFAULT_PAGE }),
    resolve: async (_root, args, ctx) => {
      const principal = ctx.principal!;
      const q = criterion(ctx, args);
      // revealing ids needs an agent on a ticket; pseudonyms are for analysts' IP searches only
      const reveal = args.ticket != null || !isAnalyst(principal) || "idPrefix" in q;
      let ticket: string | null = null;
      if (reveal) {
        if (!isAgent(principal))
          throw new SupportApiError("FORBIDDEN", "Only support agents on a ticket can see user ids.");
        ticket = parseTicket(args.ticket);
        if (!ctx.lookups.limiter.take(principal.subject))
          throw new SupportApiError("RATE_LIMITED", "Too many lookups for this agent. Try again shortly.");
      }
      const page = await search(ctx, q, { first: args.first ?? undefined, after: args.after ?? null });
      // audited before the page is returned: no audit, no data
      if (ticket !== null)
        for (const { node } of page.edges)
          await ctx.deps.actions.recordLookup({ agentId: principal.subject, ticket }, node.userId, [
            "searchUsers",
          ]);
      const edges = page.edges.map((e) => ({
        cursor: e.cursor,
        node: { ...e.node, revealed: ticket !== null },
      }));
      return {
        edges,
        pageInfo: {
          ...page.pageInfo,
          hasPreviousPage: args.after != null,
          startCursor: edges[0]?.cursor ?? null,
        },
      };
    },
  }),
);
