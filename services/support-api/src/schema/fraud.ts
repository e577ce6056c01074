import { DEFAULT_PAGE } from "@factorlens/read-models";
import { parseTicket } from "../access/ticket";
import { isAgent } from "../auth/principal";
import type { SupportContext } from "../context";
import { SupportApiError } from "../errors";
import type {
  DisabledAfterNewCountryRow,
  FailureGroupRow,
  FraudWindow,
  IpFailingRow,
  ReadModels,
  SmsPumpingRow,
} from "../ports";
import { AccountRef } from "./account";
import { builder } from "./builder";
import { FactorMethodEnum } from "./enums";
import { DateTime } from "./scalars";

const MAX_RANGE_MS = 31 * 86_400_000;
const DAY_MS = 86_400_000;
/** An aggregate over many rows costs like a thousand plain fields: five of them fill the budget. */
const FRAUD_QUERY_COST = 1_000;

interface PageArgs {
  from?: Date | null;
  to?: Date | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** The exact range [from, to) (default: the day up to and including now) and the forward page. */
function window(ctx: SupportContext, args: PageArgs): FraudWindow {
  if (args.last != null || args.before != null)
    throw new SupportApiError("INVALID_INPUT", "Fraud lists page forwards only (first/after).");
  const to = args.to ?? new Date(ctx.deps.clock.now().getTime() + 1);
  const from = args.from ?? new Date(to.getTime() - DAY_MS);
  if (!(from < to) || to.getTime() - from.getTime() > MAX_RANGE_MS)
    throw new SupportApiError("INVALID_INPUT", "to: the range must be ordered and at most 31 days.");
  return { from, to, first: args.first ?? DEFAULT_PAGE, after: args.after ?? null };
}

interface Page<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The read models' forward page as a relay connection. */
const relay = <N>(page: Page<N>, args: PageArgs) => ({
  edges: page.edges,
  pageInfo: {
    ...page.pageInfo,
    hasPreviousPage: args.after != null,
    startCursor: page.edges[0]?.cursor ?? null,
  },
});

/** A fraud list's resolver: the window of its args, the read models' page of it as a relay connection. */
const listOf =
  <A extends PageArgs, N>(
    query: (readModels: ReadModels, window: FraudWindow, args: A) => Promise<Page<N>>,
  ) =>
  async (_root: unknown, args: A, ctx: SupportContext) =>
    relay(await query(ctx.deps.readModels, window(ctx, args), args), args);

const FailureGroupingEnum = builder.enumType("FailureGrouping", {
  values: ["ip", "prefix", "asn", "country", "reason", "method", "pattern", "hour"] as const,
});

const FailureGroup = builder.objectRef<FailureGroupRow>("FailureGroup").implement({
  fields: (t) => ({
    key: t.exposeString("key", {
      description:
        "The IP, /24 or /48 prefix, ASN, country, reason, method, diagnosis pattern (or 'undiagnosed') or hour.",
    }),
    name: t.string({ nullable: true, description: "The network's name (by: asn).", resolve: (g) => g.name }),
    failures: t.exposeInt("failures"),
    distinctIps: t.exposeInt("distinctIps"),
    distinctUsers: t.exposeInt("distinctUsers"),
    unexplained: t.exposeInt("unexplained", { description: "Failures no diagnosis explains (no_match)." }),
    unexplainedShare: t.float({ resolve: (g) => (g.failures === 0 ? 0 : g.unexplained / g.failures) }),
  }),
});

const IpFailing = builder.objectRef<IpFailingRow>("IpFailingForManyUsers").implement({
  fields: (t) => ({
    ip: t.exposeString("ip"),
    distinctUsers: t.exposeInt("distinctUsers"),
    failures: t.exposeInt("failures"),
    country: t.string({ nullable: true, resolve: (r) => r.country }),
    asn: t.int({ nullable: true, resolve: (r) => r.asn }),
    asnName: t.string({ nullable: true, resolve: (r) => r.asnName }),
  }),
});

const SmsPumping = builder.objectRef<SmsPumpingRow>("SmsPumpingCandidate").implement({
  description: "SMS challenges sent against those verified, by destination country and number prefix.",
  fields: (t) => ({
    country: t.exposeString("country"),
    numberPrefix: t.exposeString("numberPrefix"),
    numberType: t.string({ nullable: true, resolve: (r) => r.numberType }),
    sends: t.exposeInt("sends"),
    delivered: t.exposeInt("delivered"),
    deliveryFailed: t.exposeInt("deliveryFailed"),
    verified: t.exposeInt("verified"),
    distinctUsers: t.exposeInt("distinctUsers"),
    conversion: t.exposeFloat("conversion"),
    unverified: t.exposeInt("unverified", {
      description: "sends − verified; the ranking is unverified + refused (sends that never converted).",
    }),
    refused: t.exposeInt("refused", {
      description: "Sends the verifier's SMS guard refused in the range (SmsSendRefused): nothing was sent.",
    }),
  }),
});

type DisabledView = DisabledAfterNewCountryRow & { revealed: boolean };
const DisabledAfterLogin = builder.objectRef<DisabledView>("DisabledAfterNewCountryLogin").implement({
  fields: (t) => ({
    account: t.field({ type: AccountRef, resolve: (r) => ({ userId: r.userId, revealed: r.revealed }) }),
    factorId: t.id({ nullable: true, resolve: (r) => r.factorId }),
    loginAt: t.field({ type: DateTime, resolve: (r) => r.loginAt }),
    loginCountry: t.string({ nullable: true, resolve: (r) => r.loginCountry }),
    loginAsn: t.int({ nullable: true, resolve: (r) => r.loginAsn }),
    disabledAt: t.field({ type: DateTime, resolve: (r) => r.disabledAt }),
    secondsAfterLogin: t.exposeInt("secondsAfterLogin"),
  }),
});

const FraudQueries = builder.objectRef<Record<string, never>>("FraudQueries").implement({
  description:
    "Aggregates across users for fraud analysts, over exact ranges [from, to), paged by cursor. Users appear only as pseudonyms.",
  fields: (t) => {
    const range = { from: t.arg({ type: DateTime }), to: t.arg({ type: DateTime }) };
    const filters = {
      ip: t.arg.string(),
      prefix: t.arg.string({ description: "A /24 or /48 network, e.g. 185.220.101.0/24." }),
      asn: t.arg.int(),
      country: t.arg.string(),
      reason: t.arg.string({ description: "A ChallengeFailed reason (an unknown one is INVALID_INPUT)." }),
      method: t.arg({ type: FactorMethodEnum }),
      pattern: t.arg.string({ description: "A mismatch pattern, or 'undiagnosed'." }),
    };
    const cost = (args: { first?: number | null }) => ({
      field: FRAUD_QUERY_COST,
      multiplier: args.first ?? DEFAULT_PAGE,
    });
    const filtersOf = (a: Partial<Record<keyof typeof filters, string | number | null | undefined>>) => ({
      ip: (a.ip as string | null | undefined) ?? null,
      prefix: (a.prefix as string | null | undefined) ?? null,
      asn: (a.asn as number | null | undefined) ?? null,
      country: (a.country as string | null | undefined) ?? null,
      reason: (a.reason as string | null | undefined) ?? null,
      method: (a.method as string | null | undefined) ?? null,
      pattern: (a.pattern as string | null | undefined) ?? null,
    });
    return {
      failuresGrouped: t.connection({
        type: FailureGroup,
        args: { by: t.arg({ type: FailureGroupingEnum, required: true }), ...range, ...filters },
        complexity: cost,
        resolve: listOf((readModels, w, args) =>
          readModels.failuresGrouped({ ...w, by: args.by, filters: filtersOf(args) }),
        ),
      }),
      ipsFailingForManyUsers: t.connection({
        type: IpFailing,
        args: { ...range, ...filters, minUsers: t.arg.int({ required: true, defaultValue: 5 }) },
        complexity: cost,
        resolve: listOf((readModels, w, args) =>
          readModels.ipsFailingForManyUsers({ ...w, minUsers: args.minUsers, filters: filtersOf(args) }),
        ),
      }),
      smsPumpingCandidates: t.connection({
        type: SmsPumping,
        description:
          "Destinations ranked by sends that never converted (unverified + refused by the SMS guard); maxConversion: 1 lists them all.",
        args: {
          ...range,
          minSends: t.arg.int({ required: true, defaultValue: 20 }),
          maxConversion: t.arg.float({ required: true, defaultValue: 0.2 }),
        },
        complexity: cost,
        resolve: listOf((readModels, w, args) =>
          readModels.smsPumpingCandidates({
            ...w,
            minSends: args.minSends,
            maxConversion: args.maxConversion,
          }),
        ),
      }),
      disabledAfterNewCountryLogin: t.connection({
        type: DisabledAfterLogin,
        description:
          "Accounts whose 2FA was disabled soon after a login from a new country. With a ticket, a support agent sees (and the audit records) the user ids.",
        args: { ...range, ticket: t.arg.string() },
        complexity: cost,
        resolve: async (_r, args, ctx) => {
          const principal = ctx.principal!;
          if (args.ticket != null && !isAgent(principal))
            throw new SupportApiError("FORBIDDEN", "Only support agents can reveal users on a ticket.");
          const page = await ctx.deps.readModels.disabledAfterNewCountryLogin(window(ctx, args));
          const revealed = args.ticket != null;
          if (args.ticket != null) {
            const ticket = parseTicket(args.ticket);
            for (const userId of new Set(page.edges.map((e) => e.node.userId)))
              await ctx.deps.actions.recordLookup({ agentId: principal.subject, ticket }, userId, [
                "disabledAfterNewCountryLogin",
              ]);
          }
          const edges = page.edges.map((e) => ({ cursor: e.cursor, node: { ...e.node, revealed } }));
          return relay({ edges, pageInfo: page.pageInfo }, args);
        },
      }),
    };
  },
});

builder.queryField("fraud", (t) =>
  t.field({
    type: FraudQueries,
    authScopes: { analyst: true },
    resolve: () => ({}),
  }),
);
