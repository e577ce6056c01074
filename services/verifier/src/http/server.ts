/**
 * `createServer(deps)`: the fastify app around a built VerifierApp: auth, rate limits, problem+json
 * errors, metrics and every route. No port is opened here; tests call `app.inject`, `main.ts`
 * calls `listen`.
 */
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from "fastify";
import type { Logger } from "pino";
import type { Clock, IpThrottleStore, RateLimitExchange } from "../app/ports";
import type { VerifierApp } from "../app/types";
import { createApiKeyAuthenticator, extractApiKey } from "../auth/api-keys";
import type { Scope, VerifierConfig } from "../config";
import { problemFor } from "./errors";
import { createIpThrottle } from "./ip-throttle";
import { DuplicateKeyError, ForbiddenKeyError, registerJsonBodyParser } from "./json-body";
import type { Metrics } from "./metrics";
import { PROBLEM_TYPE, sendProblem } from "./problem";
import { createRateLimiter, type RateLimiter } from "./rate-limit";
import { registerRoutes } from "./routes/index";

export interface ServerDeps {
  /** The application service (createVerifierApp), built with the same `metrics`. */
  verifier: VerifierApp;
  clock: Clock;
  newId: () => string;
  logger: Logger;
  config: VerifierConfig;
  metrics: Metrics;
  /**
   * Shared rate limits: where the per-IP and per-user counts are exchanged with the other
   * instances every `config.rateLimit.syncMs`. Without it each instance limits on its own.
   */
  rateLimitExchange?: { ip: RateLimitExchange; user: RateLimitExchange };
  /** Where instances share the IP throttle (used when `config.ipThrottle` is on). */
  ipThrottleStore?: IpThrottleStore;
}

declare module "fastify" {
  interface FastifyContextConfig {
    scopes?: readonly Scope[];
  }
  interface FastifyInstance {
    /** Settles background work (queued diagnoses): for tests and graceful shutdown. */
    drainBackground(): Promise<void>;
    /** One exchange of the shared rate-limit counts now (the timer does it every `syncMs`). */
    syncRateLimits(): Promise<void>;
  }
  interface FastifyRequest {
    caller?: { name: string; scopes: ReadonlySet<Scope> };
  }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** userId (the path's, else the body's) and the answer's outcome, for the request line; else null. */
export function requestLineFields(req: FastifyRequest, answer: unknown): Record<string, string> | null {
  const fields: Record<string, string> = {};
  const userId =
    (req.params as { userId?: unknown } | undefined)?.userId ??
    (req.body as { userId?: unknown } | null)?.userId;
  if (typeof userId === "string") fields.userId = userId;
  if (answer && typeof answer === "object") {
    const a = answer as { accepted?: unknown; confirmed?: unknown; reason?: unknown; method?: unknown };
    if (typeof a.accepted === "boolean") fields.outcome = a.accepted ? "accepted" : "rejected";
    else if (typeof a.confirmed === "boolean") fields.outcome = a.confirmed ? "confirmed" : "rejected";
    if (fields.outcome && typeof a.reason === "string") fields.reason = a.reason;
    if (fields.outcome && typeof a.method === "string") fields.method = a.method;
  }
  return Object.keys(fields).length > 0 ? fields : null;
}

/**
 * Every route's path pattern and methods as the app registers them (HEAD included with GET), and
 * the methods a concrete path answers to: for the not-found handler's 405.
 */
function allowedMethods(app: FastifyInstance): (url: string) => string[] {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook("onRoute", (route) => {
    const segments = route.url
      .split("/")
      .map((s) => (s.startsWith(":") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    const methods = [route.method].flat();
    routes.push({ pattern: new RegExp(`^${segments.join("/")}/?$`), methods });
  });
  return (url) => {
    const path = url.split("?")[0] ?? "";
    return [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))].sort();
  };
}

export async function createServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { verifier, metrics } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // The correlation id (`reqId`) on every request line: the caller's x-request-id when it is a plain token,
    // else a fresh one (a header is input: never logged beyond 128 safe characters).
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: false,
    return503OnClosing: true,
    // ids may be 128 characters (schemas.ts Id); fastify's default of 100 answered 414
    routerOptions: { maxParamLength: 256 },
    // a malformed URL (FST_ERR_BAD_URL) or an over-long id (414) is refused by the router before
    // any route runs: the same problem+json as every other refusal
    frameworkErrors: (error, _req, reply) => {
      const status = error.statusCode ?? 400;
      void sendProblem(reply, {
        type: PROBLEM_TYPE(status === 414 ? "uri-too-long" : "invalid-request"),
        title: status === 414 ? "URI too long" : "Invalid request",
        status,
        detail: status === 414 ? "a path id is longer than any id" : "the URL is not validly percent-encoded",
      });
    },
  });
  registerJsonBodyParser(app);
  const allowed = allowedMethods(app);
  const auth = createApiKeyAuthenticator(deps.config.apiKeys);
  const now = () => deps.clock.now();
  const sharing = deps.config.rateLimit.syncMs > 0 ? deps.rateLimitExchange : undefined;
  const perIp = createRateLimiter({
    max: deps.config.rateLimit.perIp,
    windowMs: deps.config.rateLimit.windowMs,
    now,
    exchange: sharing?.ip,
  });
  const perUser = createRateLimiter({
    max: deps.config.rateLimit.perUser,
    windowMs: deps.config.rateLimit.windowMs,
    now,
    exchange: sharing?.user,
  });
  const ipThrottle =
    deps.config.ipThrottle && deps.ipThrottleStore
      ? createIpThrottle({
          config: deps.config.ipThrottle,
          store: deps.ipThrottleStore,
          now,
          logger: deps.logger,
          syncEveryMs: deps.config.rateLimit.syncMs || 1000,
        })
      : undefined;
  const stopSharing = sharing
    ? shareRateLimits({ ip: perIp, user: perUser }, deps.config.rateLimit.syncMs, metrics, deps.logger)
    : async () => {};

  app.addHook("onRequest", async (req, reply) => {
    const scopes = req.routeOptions.config.scopes;
    if (!scopes) return;
    const wait = perIp.hit(req.ip);
    if (wait !== null) {
      metrics.verifyOutcomes.inc({ method: "any", outcome: "throttled", reason: "ip_rate_limited" });
      return sendProblem(reply, {
        type: PROBLEM_TYPE("rate-limited"),
        title: "Too many requests",
        status: 429,
        retryAfterSeconds: wait,
      });
    }
    const result = auth.authenticate(extractApiKey(req.headers), scopes);
    if (!result.ok) {
      reply.header("www-authenticate", 'Bearer realm="factorlens"');
      return sendProblem(reply, {
        type: PROBLEM_TYPE(result.status === 401 ? "unauthenticated" : "forbidden"),
        title: result.status === 401 ? "Missing or unknown API key" : "API key lacks the scope for this call",
        status: result.status,
        ...(result.status === 403
          ? { detail: `this call needs a key with scope ${scopes.join(" or ")}` }
          : {}),
      });
    }
    req.caller = result.caller;
  });

  // The request line (fastify's "request completed", written with reply.log) names whose call it was
  // and, for a verification or a confirmation, its outcome and reason: read from the answer, never
  // from the body (the code, a secret or a phone are never on the line).
  app.addHook("preSerialization", (req: FastifyRequest, reply, payload: unknown, done) => {
    const fields = requestLineFields(req, payload);
    if (fields) reply.log = reply.log.child(fields);
    done(null, payload);
  });

  app.addHook("onResponse", async (req, reply) => {
    metrics.httpDuration.observe(
      { route: req.routeOptions.url ?? "unknown", method: req.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((error: unknown, req: FastifyRequest, reply) => {
    const known = problemFor(error);
    if (known) return sendProblem(reply, known);
    const fe = error as { statusCode?: number; code?: string; message?: string };
    if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendProblem(reply, {
        type: PROBLEM_TYPE(fe.statusCode === 413 ? "body-too-large" : "invalid-request"),
        title: fe.statusCode === 413 ? "Request body too large" : "Invalid request",
        status: fe.statusCode,
        detail:
          error instanceof DuplicateKeyError || error instanceof ForbiddenKeyError
            ? error.message
            : fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
              ? "content-type must be application/json"
              : fe.code,
      });
    }
    // Names and codes only (an error's code or the driver's SQLSTATE), never a message or a value.
    const cause = (error as { cause?: { name?: unknown; code?: unknown } })?.cause;
    const causeOf = cause ? { cause: { type: cause.name, code: cause.code } } : {};
    req.log.error({ err: { type: (error as Error)?.name, code: fe.code, ...causeOf } }, "unexpected error");
    return sendProblem(reply, { type: PROBLEM_TYPE("internal"), title: "Internal error", status: 500 });
  });

  // A path that exists with another method is 405 with Allow (RFC 9110 15.5.6), not 404.
  app.setNotFoundHandler((req, reply) => {
    const allow = allowed(req.url);
    if (allow.length === 0)
      return sendProblem(reply, { type: PROBLEM_TYPE("not-found"), title: "Not found", status: 404 });
    reply.header("allow", allow.join(", "));
    return sendProblem(reply, {
      type: PROBLEM_TYPE("method-not-allowed"),
      title: "Method not allowed",
      status: 405,
      detail: `${req.method} is not one of ${allow.join(", ")}`,
    });
  });

  registerRoutes(app, {
    verifier,
    metrics,
    perUser,
    newId: deps.newId,
    ...(ipThrottle ? { ipThrottle } : {}),
  });
  app.decorate("drainBackground", async () => {
    await Promise.all([verifier.drain(), ipThrottle?.drain()]);
  });
  app.decorate("syncRateLimits", async () => {
    await Promise.all([perIp.sync(), perUser.sync(), ipThrottle?.sync()]);
  });
  app.addHook("onClose", async () => {
    ipThrottle?.close();
    await ipThrottle?.drain();
    await stopSharing();
    await verifier.drain();
  });
  return app;
}

/**
 * Runs the limiters' syncs every `everyMs`, one round at a time. A failure is counted and logged
 * (at most once a minute, without keys); the limiter keeps its own counts meanwhile.
 */
function shareRateLimits(
  limiters: Record<"ip" | "user", RateLimiter>,
  everyMs: number,
  metrics: Metrics,
  logger: Logger,
): () => Promise<void> {
  let lastWarning = 0;
  let round: Promise<unknown> = Promise.resolve();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    round = Promise.all(
      (Object.keys(limiters) as ("ip" | "user")[]).map((scope) =>
        limiters[scope].sync().catch((e: unknown) => {
          metrics.rateLimitSyncFailures.inc({ scope });
          if (Date.now() - lastWarning >= 60_000) {
            lastWarning = Date.now();
            logger.warn({ err: { type: (e as Error)?.name }, scope }, "rate-limit counts not shared");
          }
        }),
      ),
    ).finally(() => {
      running = false;
    });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await round;
  };
}
