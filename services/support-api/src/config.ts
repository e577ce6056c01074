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
    ...opsSettings,
  })
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
    ops: opsConfig(c),
  };
}
