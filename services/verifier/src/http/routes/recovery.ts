/** A user's recovery codes: a new batch, shown once. */
import type { FastifyInstance } from "fastify";
import { UserParams } from "../schemas";
import { ctxOf, guard, parse, type RouteDeps } from "./route-kit";

export function registerRecoveryRoutes(app: FastifyInstance, d: RouteDeps): void {
  const { verifier, newId } = d;
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
}
