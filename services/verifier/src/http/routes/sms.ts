/** SMS: send a challenge (per-user limit), and the provider's delivery receipts. */
import type { FastifyInstance } from "fastify";
import { SmsChallengeRequest, SmsReceipt, UserParams } from "../schemas";
import { ctxOf, guard, parse, type RouteDeps, rateLimited } from "./route-kit";

export function registerSmsRoutes(app: FastifyInstance, d: RouteDeps): void {
  const { verifier, perUser, newId } = d;
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
}
