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
import { type AuthConfig, authConfig, authRefinements, authSettings } from "./config-auth";

const schema = z
  .object({
    DATABASE_URL: databaseUrlSetting,
    EVENT_STORE_SCHEMA: sqlIdentifierSetting("EVENT_STORE_SCHEMA").default("eventstore"),
    READ_MODELS_SCHEMA: sqlIdentifierSetting("READ_MODELS_SCHEMA").default("read_models"),
    PROJECTOR_SUBSCRIBER_ID: z.string().min(1).default("projector"),
    SUPPORT_API_PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
    SUPPORT_API_HOST: z.string().min(1).default("127.0.0.1"),
    SUPPORT_API_MODE: z.enum(["production", "development"]).default("production"),
    ...authSettings,
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
    /** Users one agent may open per minute (misses included); past it, RATE_LIMITED. */
    SUPPORT_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    /** Distinct users one request may open; past it, LIMIT_EXCEEDED. */
    SUPPORT_LOOKUPS_PER_REQUEST: z.coerce.number().int().min(1).max(50).default(5),
    SUPPORT_VERIFIER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    ...opsSettings,
  })
  .refine((c) => (c.SUPPORT_VERIFIER_URL === undefined) === (c.SUPPORT_VERIFIER_API_KEY === undefined), {
    message: "set both SUPPORT_VERIFIER_URL and SUPPORT_VERIFIER_API_KEY, or neither",
  })
  .superRefine((c, ctx) => {
    for (const [check, message, path] of authRefinements)
      if (!check(c)) ctx.addIssue({ code: "custom", message, path: [path] });
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
  /** Who may sign tokens (static key, company IdP) and the token lifetime bound. */
  auth: AuthConfig;
  /** Per-agent lookups per minute, and distinct users one request may open. */
  lookups: { perAgentPerMinute: number; perRequest: number };
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
    auth: authConfig(c),
    lookups: { perAgentPerMinute: c.SUPPORT_LOOKUPS_PER_MINUTE, perRequest: c.SUPPORT_LOOKUPS_PER_REQUEST },
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
