/**
 * What every route shares: parse an input with its zod schema (a 400 naming the field), build the
 * call context (actor from the API key's scope), and the per-user 429.
 */
import type { Actor } from "@factorlens/domain";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type { CallContext, VerifierApp } from "../../app/types";
import type { IpThrottle } from "../ip-throttle";
import type { Metrics } from "../metrics";
import { PROBLEM_TYPE, sendProblem, validationProblem } from "../problem";
import type { RateLimiter } from "../rate-limit";

export interface RouteDeps {
  verifier: VerifierApp;
  metrics: Metrics;
  perUser: RateLimiter;
  newId: () => string;
  /** Absent: the IP throttle is off. */
  ipThrottle?: IpThrottle;
}

class Invalid extends Error {}

/** The parsed input, or a 400 problem sent (the route then stops: see `guard`). */
export function parse<S extends z.ZodType>(
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

/** A route handler whose `parse` failures end in the 400 already sent. */
export const guard =
  <R>(fn: (req: FastifyRequest, reply: FastifyReply) => Promise<R>) =>
  async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      return await fn(req, reply);
    } catch (e) {
      if (e instanceof Invalid) return reply;
      throw e;
    }
  };

const actorOf = (req: FastifyRequest): Actor =>
  req.caller?.scopes.has("admin") ? { kind: "admin", clientId: req.caller.name } : { kind: "user" };

export const ctxOf = (
  req: FastifyRequest,
  newId: () => string,
  extra: Partial<CallContext> = {},
): CallContext => ({
  actor: actorOf(req),
  correlationId: newId(),
  ...extra,
});

export function rateLimited(reply: FastifyReply, wait: number) {
  return sendProblem(reply, {
    type: PROBLEM_TYPE("rate-limited"),
    title: "Too many requests for this user",
    status: 429,
    retryAfterSeconds: wait,
  });
}
