/**
 * RFC 9457 problem details. Every error leaves the service through here: zod issues become a 400
 * naming each field, VerifierError/DomainError/EventStoreError codes map to their statuses, and
 * anything unexpected is a masked 500 (logged without request bodies).
 */
import type { FastifyReply } from "fastify";
import type { z } from "zod";

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  retryAfterSeconds?: number;
  /** sms-refused: the other ways this user can verify (factor methods, "recovery"). */
  alternatives?: string[];
}

export const PROBLEM_TYPE = (slug: string) => `https://factorlens.dev/problems/${slug}`;

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  if (p.retryAfterSeconds !== undefined) reply.header("retry-after", String(p.retryAfterSeconds));
  return reply.code(p.status).type("application/problem+json").send(p);
}

export function validationProblem(
  issues: readonly z.core.$ZodIssue[],
  where: "body" | "path" | "query",
): Problem {
  const errors = issues.map((i) => ({
    field: [where, ...i.path.map(String)].join("."),
    // zod messages describe the rule, never the input value.
    message: i.message,
  }));
  return {
    type: PROBLEM_TYPE("invalid-request"),
    title: "Invalid request",
    status: 400,
    detail: `invalid ${errors.map((e) => e.field).join(", ")}`,
    errors,
  };
}
