/**
 * The routes. Each parses its input with the zod schema of http/schemas.ts (400 naming the field),
 * builds the call context (actor from the API key's scope) and delegates to the VerifierApp.
 */
import type { Actor } from "@factorlens/domain";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { CallContext, VerifierApp } from "../app/types";
import type { Metrics } from "./metrics";
import { buildOpenApiDocument } from "./openapi";
import { PROBLEM_TYPE, sendProblem, validationProblem } from "./problem";
import type { RateLimiter } from "./rate-limit";
import {
  ConfirmRequest,
  DisableQuery,
  EnrollRequest,
  FactorParams,
  ResyncRequest,
  SmsChallengeRequest,
  SmsReceipt,
  UserParams,
  VerifyRequest,
  VerifyResponse,
} from "./schemas";

/** A readiness check that gets no answer within this is a stalled dependency: 503. */
const READY_TIMEOUT_MS = 2000;

/** The verify answer's JSON schema, for fastify's compiled serializer (fast-json-stringify). */
const verifyResponseSchema = (() => {
  const { $schema: _, ...schema } = z.toJSONSchema(VerifyResponse, { io: "output" }) as Record<
    string,
    unknown
  >;
  return schema;
})();

interface RouteDeps {
  verifier: VerifierApp;
  metrics: Metrics;
  perUser: RateLimiter;
  newId: () => string;
}

class Invalid extends Error {}

function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: "body" | "path" | "query",
  reply: FastifyReply,
): z.infer<S> {
  const r = schema.safeParse(value ?? (where === "body" ? undefined : {}));
  if (r.success) return r.data;
  sendProblem(reply, validationProblem(r.error.issues, where));
  throw new Invalid();
}

const actorOf = (req: FastifyRequest): Actor =>
  req.caller?.scopes.has("admin") ? { kind: "admin", clientId: req.caller.name } : { kind: "user" };

const ctxOf = (req: FastifyRequest, newId: () => string, extra: Partial<CallContext> = {}): CallContext => ({
  actor: actorOf(req),
  correlationId: newId(),
  ...extra,
});

function rateLimited(reply: FastifyReply, wait: number) {
  return sendProblem(reply, {
    type: PROBLEM_TYPE("rate-limited"),
    title: "Too many requests for this user",
    status: 429,
    retryAfterSeconds: wait,
  });
}

export function registerRoutes(app: FastifyInstance, d: RouteDeps): void {
  const { verifier, perUser, newId } = d;
  const guard =
    <R>(fn: (req: FastifyRequest, reply: FastifyReply) => Promise<R>) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        return await fn(req, reply);
      } catch (e) {
        if (e instanceof Invalid) return reply;
        throw e;
      }
    };

  app.post(
    "/v1/verify",
    {
      config: { scopes: ["verify", "admin"] },
      schema: { response: { 200: verifyResponseSchema } }, // 429s are problem+json too (per-IP limit)
    },
    guard(async (req, reply) => {
      const body = parse(VerifyRequest, req.body, "body", reply);
      const attemptId = body.attemptId ?? newId();
      const wait = perUser.hit(`verify:${body.userId}`);
      if (wait !== null) {
        if (perUser.firstOver(`verify:${body.userId}`)) {
          const ctx = ctxOf(req, newId, { ...body.context, loginAttemptId: attemptId });
          await verifier.recordRateLimited(body.userId, attemptId, ctx).catch((e: unknown) => {
            req.log.warn({ err: { type: (e as Error)?.name } }, "could not record a rate-limited attempt");
          });
        }
        d.metrics.verifyOutcomes.inc({
          method: body.method ?? "auto",
          outcome: "rejected",
          reason: "rate_limited",
        });
        reply.header("retry-after", String(wait));
        return reply
          .code(429)
          .send({ accepted: false, attemptId, reason: "rate_limited", retryAfterSeconds: wait });
      }
      const ctx = ctxOf(req, newId, { ...body.context, loginAttemptId: attemptId });
      const outcome = await verifier.verify({
        userId: body.userId,
        code: body.code,
        method: body.method,
        factorId: body.factorId,
        attemptId,
        ctx,
      });
      d.metrics.verifyOutcomes.inc({
        method: outcome.method ?? body.method ?? "auto",
        outcome: outcome.accepted ? "accepted" : "rejected",
        reason: outcome.accepted ? "ok" : outcome.reason,
      });
      if (!outcome.accepted && outcome.retryAfterSeconds !== undefined) {
        reply.header("retry-after", String(outcome.retryAfterSeconds));
      }
      return outcome;
    }),
  );

  app.post(
    "/v1/users/:userId/factors",
    { config: { scopes: ["enroll", "admin"] } },
    guard(async (req, reply) => {
      const { userId } = parse(UserParams, req.params, "path", reply);
      const body = parse(EnrollRequest, req.body, "body", reply);
      if (body.method === "hotp" && !req.caller?.scopes.has("admin")) {
        return sendProblem(reply, {
          type: PROBLEM_TYPE("forbidden"),
          title: "Importing a hardware token secret needs the admin scope",
          status: 403,
          detail: "this call needs a key with scope admin",
        });
      }
      reply.header("cache-control", "no-store");
      return reply.code(201).send(await verifier.enroll(userId, body, ctxOf(req, newId)));
    }),
  );

  app.post(
    "/v1/users/:userId/factors/:factorId/confirm",
    { config: { scopes: ["enroll", "admin"] } },
    guard(async (req, reply) => {
      const { userId, factorId } = parse(FactorParams, req.params, "path", reply);
      const body = parse(ConfirmRequest, req.body, "body", reply);
      const wait = perUser.hit(`confirm:${userId}`);
      if (wait !== null) return rateLimited(reply, wait);
      const out = await verifier.confirm(
        userId,
        factorId,
        body.code,
        body.attemptId ?? newId(),
        ctxOf(req, newId),
      );
      if (out.retryAfterSeconds !== undefined) reply.header("retry-after", String(out.retryAfterSeconds));
      return out;
    }),
  );

  app.post(
    "/v1/users/:userId/factors/:factorId/resync",
    { config: { scopes: ["enroll", "admin"] } },
    guard(async (req, reply) => {
      const { userId, factorId } = parse(FactorParams, req.params, "path", reply);
      const body = parse(ResyncRequest, req.body, "body", reply);
      const wait = perUser.hit(`confirm:${userId}`);
      if (wait !== null) return rateLimited(reply, wait);
      const resynced = await verifier.resyncHotp(userId, factorId, body.code1, body.code2, ctxOf(req, newId));
      return { factorId, resynced };
    }),
  );

  app.delete(
    "/v1/users/:userId/factors/:factorId",
    { config: { scopes: ["enroll", "admin"] } },
    guard(async (req, reply) => {
      const { userId, factorId } = parse(FactorParams, req.params, "path", reply);
      const q = parse(DisableQuery, req.query, "query", reply);
      await verifier.disable(userId, factorId, q.reason ?? "disabled through the API", ctxOf(req, newId));
      return { factorId, disabled: true };
    }),
  );

  app.post(
    "/v1/users/:userId/recovery-codes",
    { config: { scopes: ["enroll", "admin"] } },
    guard(async (req, reply) => {
      const { userId } = parse(UserParams, req.params, "path", reply);
      reply.header("cache-control", "no-store");
      // Codes are handed to the signed-in user through the account app: the caller acts for the user
      // (fresh verification required) whatever other scopes its key has.
      const ctx = { ...ctxOf(req, newId), actor: { kind: "user" } as const };
      return reply.code(201).send(await verifier.issueRecoveryCodes(userId, ctx));
    }),
  );

  app.post(
    "/v1/users/:userId/sms-challenges",
    { config: { scopes: ["verify", "enroll", "admin"] } },
    guard(async (req, reply) => {
      const { userId } = parse(UserParams, req.params, "path", reply);
      const body = parse(SmsChallengeRequest, req.body ?? {}, "body", reply);
      const wait = perUser.hit(`sms:${userId}`);
      if (wait !== null) return rateLimited(reply, wait);
      const attemptId = body.attemptId ?? newId();
      const ctx = ctxOf(req, newId, { loginAttemptId: attemptId });
      return reply.code(201).send(await verifier.sendSmsChallenge(userId, body.factorId, attemptId, ctx));
    }),
  );

  app.post(
    "/v1/sms/receipts",
    { config: { scopes: ["admin"] } },
    guard(async (req, reply) => {
      const body = parse(SmsReceipt, req.body, "body", reply);
      const recorded = await verifier.recordSmsReceipt(body);
      return reply.code(recorded ? 200 : 202).send({ recorded });
    }),
  );

  app.get("/healthz", async () => ({ status: "ok" }));
  // Readiness depends on the event store and the verifier's database only (never Kafka), and is
  // bounded: a stalled database that never answers is "not ready" within READY_TIMEOUT_MS.
  app.get("/readyz", async (_req, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        verifier.ready(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("readiness timed out")), READY_TIMEOUT_MS);
        }),
      ]);
      return { status: "ready" };
    } catch {
      reply.header("retry-after", "5");
      return reply
        .code(503)
        .type("application/problem+json")
        .send({
          type: PROBLEM_TYPE("unavailable"),
          title: "Not ready",
          status: 503,
          detail: "the event store or the verifier database is unreachable",
        });
    } finally {
      clearTimeout(timer);
    }
  });
  app.get("/metrics", async (_req, reply) => {
    reply.type(d.metrics.registry.contentType);
    return d.metrics.registry.metrics();
  });
  const openapi = buildOpenApiDocument();
  app.get("/openapi.json", async () => openapi);
}
