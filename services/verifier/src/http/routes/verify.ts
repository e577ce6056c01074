/** POST /v1/verify: the login hot path (per-user limit first, then the VerifierApp). */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { VerifyRequest, VerifyResponse } from "../schemas";
import { ctxOf, guard, parse, type RouteDeps } from "./route-kit";

/** The verify answer's JSON schema, for fastify's compiled serializer (fast-json-stringify). */
const verifyResponseSchema = (() => {
  const { $schema: _, ...schema } = z.toJSONSchema(VerifyResponse, { io: "output" }) as Record<
    string,
    unknown
  >;
  return schema;
})();

export function registerVerifyRoutes(app: FastifyInstance, d: RouteDeps): void {
  const { verifier, perUser, newId } = d;
  app.post(
    "/v1/verify",
    {
      config: { scopes: ["verify", "admin"] },
      schema: { response: { 200: verifyResponseSchema } }, // 429s are problem+json too (per-IP limit)
    },
    guard(async (req, reply) => {
      const body = parse(VerifyRequest, req.body, "body", reply);
      const attemptId = body.attemptId ?? newId();
      const ip = body.context?.ip;
      // the IP throttle (in memory, no I/O), then the per-user limit
      const throttled = d.ipThrottle?.check(ip) ?? null;
      if (throttled !== null) d.metrics.ipThrottled.inc();
      const wait = throttled ?? perUser.hit(`verify:${body.userId}`);
      if (wait !== null) {
        const first =
          throttled !== null && ip !== undefined
            ? d.ipThrottle?.firstRefusal(ip, body.userId)
            : perUser.firstOver(`verify:${body.userId}`);
        if (first) {
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
      if (!outcome.accepted && outcome.reason === "invalid_code") d.ipThrottle?.failed(ip, body.userId);
      if (!outcome.accepted && outcome.retryAfterSeconds !== undefined) {
        reply.header("retry-after", String(outcome.retryAfterSeconds));
      }
      return outcome;
    }),
  );
}
