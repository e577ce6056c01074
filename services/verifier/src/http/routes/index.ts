/**
 * The routes, one file per resource. Each parses its input with the zod schema of http/schemas.ts
 * (400 naming the field), builds the call context and delegates to the VerifierApp.
 */
import type { FastifyInstance } from "fastify";
import { registerFactorRoutes } from "./factors";
import { registerOpsRoutes } from "./ops";
import { registerRecoveryRoutes } from "./recovery";
import type { RouteDeps } from "./route-kit";
import { registerSmsRoutes } from "./sms";
import { registerVerifyRoutes } from "./verify";

export type { RouteDeps };

export function registerRoutes(app: FastifyInstance, d: RouteDeps): void {
  registerVerifyRoutes(app, d);
  registerFactorRoutes(app, d);
  registerRecoveryRoutes(app, d);
  registerSmsRoutes(app, d);
  registerOpsRoutes(app, d);
}
