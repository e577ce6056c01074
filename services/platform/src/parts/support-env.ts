/**
 * The support API's configuration as the platform hands it over: the operator's settings, with the
 * platform's port/database and a development JWT key (HS256) and pseudonym key filling what is unset.
 */
import { createHmac } from "node:crypto";
import type { PlatformConfig } from "../config";
import type { DevCredentials } from "../dev-credentials";

export const DEV_ISSUER = "factorlens-dev";
export const DEV_AUDIENCE = "factorlens-support";

export interface SupportEnv {
  env: Record<string, string | undefined>;
  /** The HS256 key to sign a dev admin token with, when the API accepts it; else null. */
  devJwtSecret: Uint8Array | null;
  issuer: string;
  audience: string;
}

export function supportEnv(
  config: PlatformConfig,
  credentials: DevCredentials,
  databaseUrl: string,
): SupportEnv {
  const given = config.env;
  const env: Record<string, string | undefined> = {
    ...given,
    DATABASE_URL: databaseUrl,
    SUPPORT_API_PORT: String(config.supportPort),
  };
  env.SUPPORT_API_MODE ??= "development"; // GraphiQL and introspection on the embedded default
  env.SUPPORT_JWT_ISSUER ??= DEV_ISSUER;
  env.SUPPORT_JWT_AUDIENCE ??= DEV_AUDIENCE;
  const operatorKey = given.SUPPORT_JWT_SECRET !== undefined || given.SUPPORT_JWT_PUBLIC_KEY !== undefined;
  // The support API takes the secret's UTF-8 bytes: the base64 text itself is the 44-byte key.
  if (!operatorKey) env.SUPPORT_JWT_SECRET = credentials.jwtSecretBase64;
  // The console's dev login mints tokens with that key: only on the generated dev credentials.
  env.SUPPORT_DEV_LOGIN = operatorKey || env.SUPPORT_API_MODE !== "development" ? "off" : "on";
  env.SUPPORT_PSEUDONYM_KEY ??= createHmac("sha256", Buffer.from(credentials.jwtSecretBase64, "base64"))
    .update("factorlens-dev-pseudonym-key")
    .digest("base64");
  return {
    env,
    devJwtSecret: operatorKey ? null : new TextEncoder().encode(credentials.jwtSecretBase64),
    issuer: env.SUPPORT_JWT_ISSUER,
    audience: env.SUPPORT_JWT_AUDIENCE,
  };
}
