/** A user's factors: enroll, confirm with the first code, resync a HOTP token, disable. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { PROBLEM_TYPE, sendProblem } from "../problem";
import {
  ConfirmRequest,
  DisableQuery,
  EnrollRequest,
  FactorParams,
  ResyncRequest,
  UserParams,
} from "../schemas";
import { ctxOf, guard, parse, type RouteDeps, rateLimited } from "./route-kit";

export function registerFactorRoutes(app: FastifyInstance, d: RouteDeps): void {
  const { verifier, perUser, newId } = d;
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

  /**
   * `POST /v1/users/:userId/factors/:factorId/<action>`: codes for one of the user's factors
   * (confirm, resync), under the per-user `confirm:` limit.
   */
  const factorCodeRoute = <S extends z.ZodType>(
    action: "confirm" | "resync",
    schema: S,
    run: (
      userId: string,
      factorId: string,
      body: z.infer<S>,
      req: FastifyRequest,
      reply: FastifyReply,
    ) => Promise<unknown>,
  ) =>
    app.post(
      `/v1/users/:userId/factors/:factorId/${action}`,
      { config: { scopes: ["enroll", "admin"] } },
      guard(async (req, reply) => {
        const { userId, factorId } = parse(FactorParams, req.params, "path", reply);
        const body = parse(schema, req.body, "body", reply);
        const wait = perUser.hit(`confirm:${userId}`);
        if (wait !== null) return rateLimited(reply, wait);
        return run(userId, factorId, body, req, reply);
      }),
    );

  factorCodeRoute("confirm", ConfirmRequest, async (userId, factorId, body, req, reply) => {
    const out = await verifier.confirm(
      userId,
      factorId,
      body.code,
      body.attemptId ?? newId(),
      ctxOf(req, newId),
    );
    if (out.retryAfterSeconds !== undefined) reply.header("retry-after", String(out.retryAfterSeconds));
    return out;
  });

  factorCodeRoute("resync", ResyncRequest, async (userId, factorId, body, req) => {
    const resynced = await verifier.resyncHotp(userId, factorId, body.code1, body.code2, ctxOf(req, newId));
    return { factorId, resynced };
  });

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
}
