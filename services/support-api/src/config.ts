/** The support API's configuration: the only place that reads the environment's shape. */
import {
  databaseUrlSetting,
  type OpsConfig,
  opsConfig,
  opsSettings,
  parseEnv,
  sqlIdentifierSetting,
} from "@factorlens/service-kit";
import { z } from "zod";

const schema = z
  .object({
    DATABASE_URL: databaseUrlSetting,
    EVENT_STORE_SCHEMA: sqlIdentifierSetting("EVENT_STORE_SCHEMA").default("eventstore"),
    READ_MODELS_SCHEMA: sqlIdentifierSetting("READ_MODELS_SCHEMA").default("read_models"),
    PROJECTOR_SUBSCRIBER_ID: z.string().min(1).default("projector"),
    SUPPORT_API_PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
    SUPPORT_API_HOST: z.string().min(1).default("127.0.0.1"),
    SUPPORT_API_MODE: z.enum(["production", "development"]).default("production"),
    SUPPORT_JWT_ISSUER: z.string().min(1, "SUPPORT_JWT_ISSUER is required"),
    SUPPORT_JWT_AUDIENCE: z.string().min(1).default("factorlens-support"),
    /** HS256 shared secret (≥ 32 bytes) … */
    SUPPORT_JWT_SECRET: z.string().min(32, "SUPPORT_JWT_SECRET must be at least 32 characters").optional(),
    /** … or a PEM public key (SPKI) with its algorithm. */
    SUPPORT_JWT_PUBLIC_KEY: z.string().includes("BEGIN PUBLIC KEY").optional(),
    SUPPORT_JWT_ALG: z.enum(["ES256", "RS256", "EdDSA"]).default("ES256"),
    /** Base64 key of the pseudonyms shown to fraud analysts (≥ 32 bytes). */
    SUPPORT_PSEUDONYM_KEY: z
      .string({ error: "SUPPORT_PSEUDONYM_KEY is required (base64, 32+ bytes)" })
      .refine(
        (s) => Buffer.from(s, "base64").byteLength >= 32,
        "SUPPORT_PSEUDONYM_KEY must decode to 32+ bytes",
      ),
    /** The verifier for resyncHotp (absent: the mutation answers UNAVAILABLE), with an admin key. */
    SUPPORT_VERIFIER_URL: z
      .url({ protocol: /^https?$/, error: "SUPPORT_VERIFIER_URL must be an http(s) URL" })
      .optional(),
    SUPPORT_VERIFIER_API_KEY: z
      .string()
      .min(16, "SUPPORT_VERIFIER_API_KEY must be at least 16 characters")
      .optional(),
    SUPPORT_VERIFIER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** The support console under /console (on by default). */
    SUPPORT_CONSOLE: z.enum(["on", "off"]).default("on"),
    /** Development login (mints tokens with the HS256 key): only with SUPPORT_JWT_SECRET in development mode. */
    SUPPORT_DEV_LOGIN: z.enum(["on", "off"]).default("off"),
    SUPPORT_DEV_LOGIN_TTL_SECONDS: z.coerce.number().int().min(60).max(43_200).default(1_800),
    /** The console's browser login (Authorization Code + PKCE) against this issuer, as this client. */
    SUPPORT_CONSOLE_OIDC_ISSUER: z
      .url({ protocol: /^https?$/, error: "SUPPORT_CONSOLE_OIDC_ISSUER must be an http(s) URL" })
      .optional(),
    SUPPORT_CONSOLE_OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
    SUPPORT_CONSOLE_OIDC_SCOPE: z.string().min(1).default("openid profile email"),
    SUPPORT_CONSOLE_OIDC_TOKEN: z.enum(["access_token", "id_token"]).default("access_token"),
    SUPPORT_CONSOLE_OIDC_ROLE_CLAIM: z.string().min(1).default("roles"),
    ...opsSettings,
  })
  .refine(
    (c) => (c.SUPPORT_CONSOLE_OIDC_ISSUER === undefined) === (c.SUPPORT_CONSOLE_OIDC_CLIENT_ID === undefined),
    { message: "set both SUPPORT_CONSOLE_OIDC_ISSUER and SUPPORT_CONSOLE_OIDC_CLIENT_ID, or neither" },
  )
  .refine(
    (c) =>
      c.SUPPORT_DEV_LOGIN === "off" ||
      (c.SUPPORT_JWT_SECRET !== undefined && c.SUPPORT_API_MODE === "development"),
    { message: "SUPPORT_DEV_LOGIN=on needs SUPPORT_JWT_SECRET and SUPPORT_API_MODE=development" },
  )
  .refine((c) => (c.SUPPORT_VERIFIER_URL === undefined) === (c.SUPPORT_VERIFIER_API_KEY === undefined), {
    message: "set both SUPPORT_VERIFIER_URL and SUPPORT_VERIFIER_API_KEY, or neither",
  })
  .refine((c) => (c.SUPPORT_JWT_SECRET === undefined) !== (c.SUPPORT_JWT_PUBLIC_KEY === undefined), {
    message: "set exactly one of SUPPORT_JWT_SECRET and SUPPORT_JWT_PUBLIC_KEY",
  });

export interface SupportApiConfig {
  databaseUrl: string;
  eventStoreSchema: string;
  readModelsSchema: string;
  projectorSubscriberId: string;
  port: number;
  /** Listen address; loopback unless configured otherwise. */
  host: string;
  mode: "production" | "development";
  jwt: { issuer: string; audience: string } & (
    | { kind: "secret"; secret: Uint8Array }
    | { kind: "public-key"; pem: string; alg: "ES256" | "RS256" | "EdDSA" }
  );
  pseudonymKey: Uint8Array;
  /** Null: resyncHotp is not available. */
  verifier: { url: string; apiKey: string; timeoutMs: number } | null;
  /** Null: the console is not served. */
  console: {
    devLogin: { ttlSeconds: number } | null;
    oidc: {
      issuer: string;
      clientId: string;
      scope: string;
      token: "access_token" | "id_token";
      roleClaim: string;
    } | null;
  } | null;
  /** Null: no ops server (OPS_PORT 0 or absent); else /healthz, /readyz, /metrics on their own port. */
  ops: OpsConfig | null;
}

export class SupportApiConfigError extends Error {
  override name = "SupportApiConfigError";
}

/** Parses the environment; the message names the variables at fault, never their values. */
export function loadConfig(env: Record<string, string | undefined>): SupportApiConfig {
  const c = parseEnv(schema, env, (problems) => new SupportApiConfigError(problems.join("; ")));
  return {
    databaseUrl: c.DATABASE_URL,
    eventStoreSchema: c.EVENT_STORE_SCHEMA,
    readModelsSchema: c.READ_MODELS_SCHEMA,
    projectorSubscriberId: c.PROJECTOR_SUBSCRIBER_ID,
    port: c.SUPPORT_API_PORT,
    host: c.SUPPORT_API_HOST,
    mode: c.SUPPORT_API_MODE,
    jwt: {
      issuer: c.SUPPORT_JWT_ISSUER,
      audience: c.SUPPORT_JWT_AUDIENCE,
      ...(c.SUPPORT_JWT_SECRET !== undefined
        ? { kind: "secret" as const, secret: new TextEncoder().encode(c.SUPPORT_JWT_SECRET) }
        : { kind: "public-key" as const, pem: c.SUPPORT_JWT_PUBLIC_KEY!, alg: c.SUPPORT_JWT_ALG }),
    },
    pseudonymKey: new Uint8Array(Buffer.from(c.SUPPORT_PSEUDONYM_KEY, "base64")),
    verifier:
      c.SUPPORT_VERIFIER_URL !== undefined && c.SUPPORT_VERIFIER_API_KEY !== undefined
        ? {
            url: c.SUPPORT_VERIFIER_URL,
            apiKey: c.SUPPORT_VERIFIER_API_KEY,
            timeoutMs: c.SUPPORT_VERIFIER_TIMEOUT_MS,
          }
        : null,
    console:
      c.SUPPORT_CONSOLE === "off"
        ? null
        : {
            devLogin: c.SUPPORT_DEV_LOGIN === "on" ? { ttlSeconds: c.SUPPORT_DEV_LOGIN_TTL_SECONDS } : null,
            oidc:
              c.SUPPORT_CONSOLE_OIDC_ISSUER !== undefined && c.SUPPORT_CONSOLE_OIDC_CLIENT_ID !== undefined
                ? {
                    issuer: c.SUPPORT_CONSOLE_OIDC_ISSUER,
                    clientId: c.SUPPORT_CONSOLE_OIDC_CLIENT_ID,
                    scope: c.SUPPORT_CONSOLE_OIDC_SCOPE,
                    token: c.SUPPORT_CONSOLE_OIDC_TOKEN,
                    roleClaim: c.SUPPORT_CONSOLE_OIDC_ROLE_CLAIM,
                  }
                : null,
          },
    ops: opsConfig(c),
  };
}
