/** The support API's configuration: the only place that reads the environment's shape. */
import type { Env, LogLevel, ServiceConfig } from "@factorlens/service-kit";
import { intSetting, parseServiceEnv, serviceSettings, sqlIdentifierSetting } from "@factorlens/service-kit";
import { z } from "zod";
import { type AuthConfig, authConfig, authRefinements, authSettings } from "./config-auth";
import type { ConsoleOidc } from "./console/console-options";

/**
 * What has a default. A host may add fallbacks used only where the environment is silent: a
 * static token key (`auth.secret`, only when no key and no IdP is configured), a pseudonym key and
 * the verifier to call (the platform's development ones), the database. The console's dev login is on by
 * default only when `devLogin.on`, the mode is development and a static secret is in use.
 */
export interface SupportApiDefaults {
  /** Only a host's (the platform's database); alone, DATABASE_URL is required. */
  databaseUrl?: string;
  eventStoreSchema: string;
  readModelsSchema: string;
  projectorSubscriberId: string;
  port: number;
  host: string;
  mode: "production" | "development";
  auth: { issuer?: string; audience: string; secret?: Uint8Array };
  pseudonymKey?: Uint8Array;
  lookups: { perAgentPerMinute: number; perRequest: number };
  verifier?: { url: string; apiKey: string };
  verifierTimeoutMs: number;
  console: boolean;
  devLogin: { on: boolean; ttlSeconds: number };
  consoleOidc: { scope: string; token: "access_token" | "id_token"; roleClaim: string };
  logLevel: LogLevel;
}

/** Every setting's default, alone and in the platform (which overrides only what it means to). */
export const SUPPORT_API_DEFAULTS: SupportApiDefaults = {
  eventStoreSchema: "eventstore",
  readModelsSchema: "read_models",
  projectorSubscriberId: "projector",
  port: 4010,
  host: "127.0.0.1",
  mode: "production",
  auth: { audience: "factorlens-support" },
  lookups: { perAgentPerMinute: 30, perRequest: 5 },
  verifierTimeoutMs: 5_000,
  console: true,
  devLogin: { on: false, ttlSeconds: 1_800 },
  consoleOidc: { scope: "openid profile email", token: "access_token", roleClaim: "roles" },
  logLevel: "info",
};

const TOKEN_ISSUER_SETTINGS = [
  "SUPPORT_JWT_SECRET",
  "SUPPORT_JWT_PUBLIC_KEY",
  "SUPPORT_OIDC_ISSUER",
] as const;

/** Whether the environment names its own token issuer (a static key or an IdP). */
export const namesTokenIssuer = (env: Env): boolean =>
  TOKEN_ISSUER_SETTINGS.some((k) => env[k] !== undefined);

const schemaFor = (d: SupportApiDefaults) =>
  z
    .object({
      ...serviceSettings(d),
      READ_MODELS_SCHEMA: sqlIdentifierSetting("READ_MODELS_SCHEMA").default(d.readModelsSchema),
      PROJECTOR_SUBSCRIBER_ID: z.string().min(1).default(d.projectorSubscriberId),
      SUPPORT_API_PORT: intSetting("SUPPORT_API_PORT", 0, 65_535, d.port),
      SUPPORT_API_HOST: z.string().min(1).default(d.host),
      SUPPORT_API_MODE: z.enum(["production", "development"]).default(d.mode),
      ...authSettings,
      SUPPORT_JWT_ISSUER: d.auth.issuer
        ? z.string().min(1).default(d.auth.issuer)
        : authSettings.SUPPORT_JWT_ISSUER,
      SUPPORT_JWT_AUDIENCE: z.string().min(1).default(d.auth.audience),
      /** Base64 key of the pseudonyms shown to fraud analysts (≥ 32 bytes). */
      SUPPORT_PSEUDONYM_KEY: z
        .string({ error: "SUPPORT_PSEUDONYM_KEY is required (base64, 32+ bytes)" })
        .refine(
          (s) => Buffer.from(s, "base64").byteLength >= 32,
          "SUPPORT_PSEUDONYM_KEY must decode to 32+ bytes",
        )
        .optional(),
      /** The verifier for resyncHotp (absent: the mutation answers UNAVAILABLE), with an admin key. */
      SUPPORT_VERIFIER_URL: z
        .url({ protocol: /^https?$/, error: "SUPPORT_VERIFIER_URL must be an http(s) URL" })
        .optional(),
      SUPPORT_VERIFIER_API_KEY: z
        .string()
        .min(16, "SUPPORT_VERIFIER_API_KEY must be at least 16 characters")
        .optional(),
      /** Users one agent may open per minute (misses included); past it, RATE_LIMITED. */
      SUPPORT_LOOKUPS_PER_MINUTE: intSetting(
        "SUPPORT_LOOKUPS_PER_MINUTE",
        1,
        10_000,
        d.lookups.perAgentPerMinute,
      ),
      /** Distinct users one request may open; past it, LIMIT_EXCEEDED. */
      SUPPORT_LOOKUPS_PER_REQUEST: intSetting("SUPPORT_LOOKUPS_PER_REQUEST", 1, 50, d.lookups.perRequest),
      SUPPORT_VERIFIER_TIMEOUT_MS: intSetting(
        "SUPPORT_VERIFIER_TIMEOUT_MS",
        100,
        60_000,
        d.verifierTimeoutMs,
      ),
      /** The support console under /console (on by default). */
      SUPPORT_CONSOLE: z.enum(["on", "off"]).default(d.console ? "on" : "off"),
      /** Development login (mints tokens with the HS256 key): only with a static secret in development mode. */
      SUPPORT_DEV_LOGIN: z.enum(["on", "off"]).optional(),
      SUPPORT_DEV_LOGIN_TTL_SECONDS: intSetting(
        "SUPPORT_DEV_LOGIN_TTL_SECONDS",
        60,
        43_200,
        d.devLogin.ttlSeconds,
      ),
      /** The console's browser login (Authorization Code + PKCE) against this issuer, as this client. */
      SUPPORT_CONSOLE_OIDC_ISSUER: z
        .url({ protocol: /^https?$/, error: "SUPPORT_CONSOLE_OIDC_ISSUER must be an http(s) URL" })
        .optional(),
      SUPPORT_CONSOLE_OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
      SUPPORT_CONSOLE_OIDC_SCOPE: z.string().min(1).default(d.consoleOidc.scope),
      SUPPORT_CONSOLE_OIDC_TOKEN: z.enum(["access_token", "id_token"]).default(d.consoleOidc.token),
      SUPPORT_CONSOLE_OIDC_ROLE_CLAIM: z.string().min(1).default(d.consoleOidc.roleClaim),
    })
    .refine(
      (c) =>
        (c.SUPPORT_CONSOLE_OIDC_ISSUER === undefined) === (c.SUPPORT_CONSOLE_OIDC_CLIENT_ID === undefined),
      { message: "set both SUPPORT_CONSOLE_OIDC_ISSUER and SUPPORT_CONSOLE_OIDC_CLIENT_ID, or neither" },
    )
    .refine(
      (c) =>
        c.SUPPORT_DEV_LOGIN !== "on" ||
        (staticSecretOf(c, d) !== undefined && c.SUPPORT_API_MODE === "development"),
      { message: "SUPPORT_DEV_LOGIN=on needs SUPPORT_JWT_SECRET and SUPPORT_API_MODE=development" },
    )
    .refine((c) => (c.SUPPORT_VERIFIER_URL === undefined) === (c.SUPPORT_VERIFIER_API_KEY === undefined), {
      message: "set both SUPPORT_VERIFIER_URL and SUPPORT_VERIFIER_API_KEY, or neither",
    })
    .superRefine((c, ctx) => {
      if (c.SUPPORT_PSEUDONYM_KEY === undefined && d.pseudonymKey === undefined)
        ctx.addIssue({
          code: "custom",
          message: "SUPPORT_PSEUDONYM_KEY is required (base64, 32+ bytes)",
          path: ["SUPPORT_PSEUDONYM_KEY"],
        });
      for (const [check, message, path] of authRefinements(d.auth.secret !== undefined))
        if (!check(c)) ctx.addIssue({ code: "custom", message, path: [path] });
    });

/** The static HS256 secret in use: the environment's, or the host's fallback when it names no issuer. */
const staticSecretOf = (
  c: {
    SUPPORT_JWT_SECRET?: string | undefined;
    SUPPORT_JWT_PUBLIC_KEY?: string | undefined;
    SUPPORT_OIDC_ISSUER?: string | undefined;
  },
  d: SupportApiDefaults,
): Uint8Array | undefined =>
  c.SUPPORT_JWT_SECRET !== undefined
    ? new TextEncoder().encode(c.SUPPORT_JWT_SECRET)
    : c.SUPPORT_JWT_PUBLIC_KEY === undefined && c.SUPPORT_OIDC_ISSUER === undefined
      ? d.auth.secret
      : undefined;

/** Its ops server (when OPS_PORT is set) serves /healthz, /readyz and /metrics on their own port. */
export interface SupportApiConfig extends ServiceConfig {
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
  /** Null: the console is not served. */
  console: {
    devLogin: { ttlSeconds: number } | null;
    oidc: ConsoleOidc | null;
  } | null;
}

export class SupportApiConfigError extends Error {
  override name = "SupportApiConfigError";
}

/** Parses the environment; the message names the variables at fault, never their values. */
export function loadConfig(env: Env, defaults: SupportApiDefaults = SUPPORT_API_DEFAULTS): SupportApiConfig {
  const d = defaults;
  const { settings: c, service } = parseServiceEnv(
    schemaFor(d),
    env,
    "support API",
    (message) => new SupportApiConfigError(message),
  );
  const secret = staticSecretOf(c, d);
  const devLogin =
    (c.SUPPORT_DEV_LOGIN ?? (d.devLogin.on ? "on" : "off")) === "on" &&
    secret !== undefined &&
    c.SUPPORT_API_MODE === "development";
  const verifier =
    c.SUPPORT_VERIFIER_URL !== undefined && c.SUPPORT_VERIFIER_API_KEY !== undefined
      ? { url: c.SUPPORT_VERIFIER_URL, apiKey: c.SUPPORT_VERIFIER_API_KEY }
      : d.verifier;
  return {
    ...service,
    readModelsSchema: c.READ_MODELS_SCHEMA,
    projectorSubscriberId: c.PROJECTOR_SUBSCRIBER_ID,
    port: c.SUPPORT_API_PORT,
    host: c.SUPPORT_API_HOST,
    mode: c.SUPPORT_API_MODE,
    auth: authConfig(c, secret),
    lookups: { perAgentPerMinute: c.SUPPORT_LOOKUPS_PER_MINUTE, perRequest: c.SUPPORT_LOOKUPS_PER_REQUEST },
    pseudonymKey:
      c.SUPPORT_PSEUDONYM_KEY !== undefined
        ? new Uint8Array(Buffer.from(c.SUPPORT_PSEUDONYM_KEY, "base64"))
        : (d.pseudonymKey ?? new Uint8Array()),
    verifier: verifier ? { ...verifier, timeoutMs: c.SUPPORT_VERIFIER_TIMEOUT_MS } : null,
    console:
      c.SUPPORT_CONSOLE === "off"
        ? null
        : {
            devLogin: devLogin ? { ttlSeconds: c.SUPPORT_DEV_LOGIN_TTL_SECONDS } : null,
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
  };
}
