/** The support GraphQL API (graphql-yoga) on node:http. PROVISIONAL until support-api's wiring lands. */
import type { EventStore } from "@factorlens/event-store";
import type pg from "pg";
import type { PlatformConfig } from "../config";
import type { DevCredentials } from "../dev-credentials";
import { signDevToken } from "../dev-token";
import type { Lifecycle } from "../lifecycle";

export const DEV_ISSUER = "factorlens-dev";
export const DEV_AUDIENCE = "factorlens-support";

export async function startSupportApi(deps: {
  config: PlatformConfig;
  credentials: DevCredentials;
  pool: pg.Pool;
  store: EventStore;
  life: Lifecycle;
  verifierUrl: string;
}): Promise<{ graphqlUrl: string; devAdminToken: string | null }> {
  const token = await signDevToken({
    secret: Buffer.from(deps.credentials.jwtSecretBase64, "base64"),
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
  });
  return {
    graphqlUrl: `http://${deps.config.host}:${deps.config.supportPort}/graphql`,
    devAdminToken: token,
  };
}
