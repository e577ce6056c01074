import { parseTicket } from "../access/ticket";
import { isAgent } from "../auth/principal";
import type { SupportContext } from "../context";
import { SupportApiError } from "../errors";
import type {
  DisabledAfterNewCountryRow,
  FailureGroupRow,
  FraudWindow,
  IpFailingRow,
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

function window(
  ctx: SupportContext,
  args: { from?: Date | null; to?: Date | null; limit: number },
): FraudWindow {
  // default: up to and including now (`to` is exclusive)
  const to = args.to ?? new Date(ctx.deps.clock.now().getTime() + 1);
  const from = args.from ?? new Date(to.getTime() - DAY_MS);
  if (from > to || to.getTime() - from.getTime() > MAX_RANGE_MS)
    throw new SupportApiError("INVALID_INPUT", "Time range must be ordered and at most 31 days.");
  return { from, to, limit: args.limit };
}

const FailureGroupingEnum = builder.enumType("FailureGrouping", {
  values: ["ip", "prefix", "asn", "country", "reason", "method", "bucket"] as const,
});

const FailureGroup = builder.objectRef<FailureGroupRow>("FailureGroup").implement({
  fields: (t) => ({
    key: t.exposeString("key", {
      description: "The IP, /24 or /48 prefix, ASN, country, reason, method or hour.",
    }),
    failures: t.exposeInt("failures"),
    distinctIps: t.exposeInt("distinctIps"),
  }),
});

const IpFailing = builder.objectRef<IpFailingRow>("IpFailingForManyUsers").implement({
  fields: (t) => ({
    ip: t.exposeString("ip"),
    distinctUsers: t.exposeInt("distinctUsers"),
    failures: t.exposeInt("failures"),
  }),
});

const SmsPumping = builder.objectRef<SmsPumpingRow>("SmsPumpingCandidate").implement({
  description: "SMS send volume against successful verifications, by country and number prefix.",
  fields: (t) => ({
    country: t.exposeString("country"),
    numberPrefix: t.exposeString("numberPrefix"),
    sends: t.exposeInt("sends"),
    delivered: t.exposeInt("delivered"),
    verified: t.exposeInt("verified"),
    conversion: t.exposeFloat("conversion"),
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
  description: "Aggregates across users for fraud analysts. Users appear only as pseudonyms.",
  fields: (t) => ({
    failuresGrouped: t.field({
      type: [FailureGroup],
      args: {
        by: t.arg({ type: FailureGroupingEnum, required: true }),
        from: t.arg({ type: DateTime }),
        to: t.arg({ type: DateTime }),
        method: t.arg({ type: FactorMethodEnum }),
        country: t.arg.string(),
        reason: t.arg.string(),
        limit: t.arg.int({ required: true, defaultValue: 50 }),
      },
      complexity: (args) => ({ field: FRAUD_QUERY_COST, multiplier: args.limit }),
      resolve: (_r, args, ctx) =>
        ctx.deps.readModels.failuresGrouped({
          ...window(ctx, args),
          by: args.by,
          ...(args.method ? { method: args.method } : {}),
          ...(args.country ? { country: args.country } : {}),
          ...(args.reason ? { reason: args.reason } : {}),
        }),
    }),
    ipsFailingForManyUsers: t.field({
      type: [IpFailing],
      args: {
        from: t.arg({ type: DateTime }),
        to: t.arg({ type: DateTime }),
        minUsers: t.arg.int({ required: true, defaultValue: 5 }),
        limit: t.arg.int({ required: true, defaultValue: 50 }),
      },
      complexity: (args) => ({ field: FRAUD_QUERY_COST, multiplier: args.limit }),
      resolve: (_r, args, ctx) =>
        ctx.deps.readModels.ipsFailingForManyUsers({ ...window(ctx, args), minUsers: args.minUsers }),
    }),
    smsPumpingCandidates: t.field({
      type: [SmsPumping],
      args: {
        from: t.arg({ type: DateTime }),
        to: t.arg({ type: DateTime }),
        minSends: t.arg.int({ required: true, defaultValue: 20 }),
        maxConversion: t.arg.float({ required: true, defaultValue: 0.2 }),
        limit: t.arg.int({ required: true, defaultValue: 50 }),
      },
      complexity: (args) => ({ field: FRAUD_QUERY_COST, multiplier: args.limit }),
      resolve: (_r, args, ctx) =>
        ctx.deps.readModels.smsPumpingCandidates({
          ...window(ctx, args),
          minSends: args.minSends,
          maxConversion: args.maxConversion,
        }),
    }),
    disabledAfterNewCountryLogin: t.field({
      type: [DisabledAfterLogin],
      description:
        "Accounts whose 2FA was disabled soon after a login from a new country. With a ticket, a support agent sees (and the audit records) the user ids.",
      args: {
        from: t.arg({ type: DateTime }),
        to: t.arg({ type: DateTime }),
        limit: t.arg.int({ required: true, defaultValue: 50 }),
        ticket: t.arg.string(),
      },
      complexity: (args) => ({ field: FRAUD_QUERY_COST, multiplier: args.limit }),
      resolve: async (_r, args, ctx) => {
        const principal = ctx.principal!;
        if (args.ticket != null && !isAgent(principal))
          throw new SupportApiError("FORBIDDEN", "Only support agents can reveal users on a ticket.");
        const rows = await ctx.deps.readModels.disabledAfterNewCountryLogin(window(ctx, args));
        if (args.ticket == null) return rows.map((r) => ({ ...r, revealed: false }));
        const ticket = parseTicket(args.ticket);
        for (const userId of new Set(rows.map((r) => r.userId)))
          await ctx.deps.actions.recordLookup({ agentId: principal.subject, ticket }, userId, [
            "disabledAfterNewCountryLogin",
          ]);
        return rows.map((r) => ({ ...r, revealed: true }));
      },
    }),
  }),
});

builder.queryField("fraud", (t) =>
  t.field({
    type: FraudQueries,
    authScopes: { analyst: true },
    resolve: () => ({}),
  }),
);
