import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import ErrorsPlugin from "@pothos/plugin-errors";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { isAdmin, isAgent, isAnalyst, isLead } from "../auth/principal";
import type { SupportContext } from "../context";
import { SupportApiError } from "../errors";

/** The builder and its plugins; no types here (each schema file defines its own). */
export const builder = new SchemaBuilder<{
  Context: SupportContext;
  AuthScopes: { agent: boolean; lead: boolean; analyst: boolean; admin: boolean };
  Scalars: { DateTime: { Input: Date; Output: Date | string } };
  DefaultFieldNullability: false;
}>({
  // errors first: an authorization failure on a field with `errors` becomes a typed result.
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  errors: { defaultTypes: [SupportApiError], directResult: true },
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      agent: ctx.principal !== null && isAgent(ctx.principal),
      lead: ctx.principal !== null && isLead(ctx.principal),
      analyst: ctx.principal !== null && isAnalyst(ctx.principal),
      admin: ctx.principal !== null && isAdmin(ctx.principal),
    }),
    unauthorizedError: (_parent, _ctx, info) =>
      new SupportApiError("FORBIDDEN", `Not allowed to read ${info.parentType.name}.${info.fieldName}.`),
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  // lists are costed where they are declared (connections by `first`, lists by `limit`)
  complexity: { defaultComplexity: 1, defaultListMultiplier: 1 },
});

/**
 * Who may read a user-level answer across users: a support agent (on a ticket, audited, sees user
 * ids) or a fraud analyst (sees pseudonyms); a refusal is a typed SupportError.
 */
export const agentOrAnalyst = { authScopes: { $any: { agent: true, analyst: true } }, errors: {} } as const;
