/** Health, bounded readiness, Prometheus metrics and the OpenAPI document. */
import type { FastifyInstance } from "fastify";
import { buildOpenApiDocument } from "../openapi";
import { PROBLEM_TYPE } from "../problem";
import type { RouteDeps } from "./route-kit";

/** A readiness check that gets no answer within this is a stalled dependency: 503. */
const READY_TIMEOUT_MS = 2000;

export function registerOpsRoutes(app: FastifyInstance, d: RouteDeps): void {
  const { verifier } = d;
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
