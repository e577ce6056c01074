import { MAX_PAGE } from "@factorlens/read-models";
import { yogaLogger } from "@factorlens/service-kit";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { createLookupRateLimiter, DEFAULT_LOOKUP_LIMITS, type LookupLimits } from "./access/lookup-limits";
import type { ConsoleOptions } from "./console/console-options";
import { useConsole } from "./console/serve-console";
import type { SupportApiDeps, SupportContext } from "./context";
import { useFraudExport } from "./export/use-fraud-export";
import type { SupportApiMetrics } from "./metrics";
import { maskError } from "./plugins/mask-error";
import { useIntrospectionGate } from "./plugins/use-introspection-gate";
import { type JwtAuthOptions, useJwtAuth } from "./plugins/use-jwt-auth";
import { useOperationMetrics } from "./plugins/use-operation-metrics";
import { usePageSizeCap } from "./plugins/use-page-size-cap";
import { type QueryLimitsOptions, useQueryLimits } from "./plugins/use-query-limits";
import { useSafeVariableErrors } from "./plugins/use-safe-variable-errors";
import { schema } from "./schema";

export interface SupportApiOptions {
  deps: SupportApiDeps;
  auth: Omit<JwtAuthOptions, "allowAnonymous">;
  mode: "production" | "development";
  limits?: Partial<QueryLimitsOptions> & { maxPageSize?: number };
  /** Users per request and per agent per minute (defaults 5 and 30). */
  lookups?: Partial<LookupLimits>;
  graphqlEndpoint?: string;
  /** Requests by operation type and outcome; served by the ops server, never on this API's port. */
  metrics?: SupportApiMetrics;
  /** The support console under /console (absent: not served). */
  console?: ConsoleOptions;
  /** Where yoga's own lines go, in the one log shape (absent: yoga's console logger). */
  logger?: YogaLogTarget;
}

/** The part of a pino logger that yoga's lines are written to. */
export type YogaLogTarget = Parameters<typeof yogaLogger>[0];

export type SupportApi = YogaServerInstance<Record<string, unknown>, SupportContext>;

export const DEFAULT_LIMITS: QueryLimitsOptions & { maxPageSize: number } = {
  maxDepth: 8,
  maxBreadth: 60,
  maxComplexity: 5_000,
  maxPageSize: MAX_PAGE,
};

const isGraphiqlPage = (request: Request) =>
  request.method === "GET" && (request.headers.get("accept") ?? "").includes("text/html");

/** The support GraphQL API as a fetch handler; tests call `api.fetch(...)` without a port. */
export function createSupportApi(options: SupportApiOptions): SupportApi {
  const dev = options.mode === "development";
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const lookupLimits = { ...DEFAULT_LOOKUP_LIMITS, ...options.lookups };
  const limiter = createLookupRateLimiter(lookupLimits.perAgentPerMinute, options.deps.clock);
  const graphqlEndpoint = options.graphqlEndpoint ?? "/graphql";
  const api: SupportApi = createYoga<Record<string, unknown>, SupportContext>({
    schema,
    graphqlEndpoint,
    graphiql: dev,
    // GraphiQL's page with its scripts and styles inlined: no CDN, works offline.
    renderGraphiQL,
    landingPage: false,
    logging: options.logger ? yogaLogger(options.logger) : dev ? "info" : "warn",
    maskedErrors: { maskError, errorMessage: "Unexpected error." },
    // runs before the plugins: useJwtAuth then sets the principal
    context: () => ({
      deps: options.deps,
      principal: null,
      lookups: { limits: lookupLimits, limiter, opened: new Map() },
    }),
    plugins: [
      ...(options.console
        ? [
            useConsole({
              ...options.console,
              // the dev login signs with the static key: the first trusted issuer (see trustedIssuers)
              issuer: options.auth.issuers[0]?.issuer ?? "",
              audience: options.auth.issuers[0]?.audience ?? "",
              clock: options.deps.clock,
            }),
          ]
        : []),
      ...(options.metrics ? [useOperationMetrics(options.metrics)] : []),
      useJwtAuth({ ...options.auth, ...(dev ? { allowAnonymous: isGraphiqlPage } : {}) }),
      // after the JWT check; each page goes back through this API (same scopes, limits, audit)
      useFraudExport({ graphqlEndpoint, fetch: (r) => Promise.resolve(api.fetch(r)) }),
      useIntrospectionGate({ enabled: dev }),
      usePageSizeCap({ maxPageSize: limits.maxPageSize }),
      useQueryLimits(limits),
      useSafeVariableErrors(),
    ],
  });
  return api;
}
