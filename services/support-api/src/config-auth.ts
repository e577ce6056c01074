/**
 * The support API's token settings: the dev HS/RS key, the company IdP (OIDC by JWKS URL, with
 * a claim → role mapping), the token lifetime bound. Part of `config.ts`'s schema.
 */
import { intSetting } from "@factorlens/service-kit";
import { z } from "zod";
import { isRole, type Role, type RoleMapping } from "./auth/principal";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const OIDC_ALGS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"] as const;

/** "group=role, group2=role2": a group may be listed twice to grant two roles. */
const roleMapSetting = z.string().transform((text, ctx) => {
  const map: Record<string, Role[]> = {};
  for (const pair of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [value, role, extra] = pair.split("=").map((s) => s.trim());
    if (!value || !role || extra !== undefined || !isRole(role)) {
      ctx.addIssue({
        code: "custom",
        message: `SUPPORT_OIDC_ROLE_MAP takes value=role pairs separated by commas; roles: support_agent, support_lead, fraud_analyst, admin`,
      });
      return z.NEVER;
    }
    map[value] = [...(map[value] ?? []), role];
  }
  return map;
});

export const authSettings = {
  SUPPORT_JWT_ISSUER: z.string().min(1).optional(),
  SUPPORT_JWT_AUDIENCE: z.string().min(1).default("factorlens-support"),
  /** HS256 shared secret (≥ 32 bytes) … */
  SUPPORT_JWT_SECRET: z.string().min(32, "SUPPORT_JWT_SECRET must be at least 32 characters").optional(),
  /** … or a PEM public key (SPKI) with its algorithm. */
  SUPPORT_JWT_PUBLIC_KEY: z.string().includes("BEGIN PUBLIC KEY").optional(),
  SUPPORT_JWT_ALG: z.enum(["ES256", "RS256", "EdDSA"]).default("ES256"),
  /** Longest accepted token lifetime (exp − iat), every issuer. */
  SUPPORT_JWT_MAX_LIFETIME_SECONDS: intSetting("SUPPORT_JWT_MAX_LIFETIME_SECONDS", 60, 7 * 86_400, 12 * 3600),
  SUPPORT_JWT_CLOCK_SKEW_SECONDS: intSetting("SUPPORT_JWT_CLOCK_SKEW_SECONDS", 0, 300, 30),
  SUPPORT_OIDC_ISSUER: z.string().min(1).optional(),
  SUPPORT_OIDC_AUDIENCE: z.string().min(1).optional(),
  SUPPORT_OIDC_JWKS_URL: z
    .url({ protocol: /^https?$/, error: "SUPPORT_OIDC_JWKS_URL must be an http(s) URL" })
    .refine(
      (u) => u.startsWith("https:") || LOOPBACK.has(new URL(u).hostname),
      "SUPPORT_OIDC_JWKS_URL must be https (http only on loopback)",
    )
    .optional(),
  /** Where the roles are: a claim name or a dot path (Okta groups, Entra roles, Keycloak realm_access.roles). */
  SUPPORT_OIDC_ROLE_CLAIM: z.string().min(1).max(200).default("groups"),
  /** Claim value → role; unset: values that are role names count as is. */
  SUPPORT_OIDC_ROLE_MAP: roleMapSetting.optional(),
  SUPPORT_OIDC_SUBJECT_CLAIM: z.string().min(1).max(200).default("sub"),
  SUPPORT_OIDC_ALGORITHMS: z
    .string()
    .default("RS256,ES256")
    .transform((s) => s.split(",").map((a) => a.trim()))
    .pipe(
      z.array(
        z.enum(OIDC_ALGS, { error: `SUPPORT_OIDC_ALGORITHMS: one or more of ${OIDC_ALGS.join(", ")}` }),
      ),
    ),
  /** Unknown kid → the JWKS is fetched again, at most once per cooldown. */
  SUPPORT_OIDC_JWKS_COOLDOWN_SECONDS: intSetting("SUPPORT_OIDC_JWKS_COOLDOWN_SECONDS", 0, 3600, 30),
};

type Raw = z.output<z.ZodObject<typeof authSettings>>;

/**
 * Cross-setting rules, one message each, naming the variable. `fallbackSecret`: the host gives a
 * static secret for when the environment names no issuer (then one is always there).
 */
export const authRefinements = (
  fallbackSecret: boolean,
): [check: (c: Raw) => boolean, message: string, path: string][] => [
  [
    (c) => c.SUPPORT_JWT_SECRET === undefined || c.SUPPORT_JWT_PUBLIC_KEY === undefined,
    "set at most one of SUPPORT_JWT_SECRET and SUPPORT_JWT_PUBLIC_KEY",
    "SUPPORT_JWT_SECRET",
  ],
  [
    (c) =>
      fallbackSecret ||
      c.SUPPORT_JWT_SECRET !== undefined ||
      c.SUPPORT_JWT_PUBLIC_KEY !== undefined ||
      c.SUPPORT_OIDC_ISSUER !== undefined,
    "set SUPPORT_JWT_SECRET, SUPPORT_JWT_PUBLIC_KEY or the SUPPORT_OIDC_* settings: no token could be verified",
    "SUPPORT_JWT_SECRET",
  ],
  [
    (c) =>
      (c.SUPPORT_JWT_SECRET === undefined &&
        c.SUPPORT_JWT_PUBLIC_KEY === undefined &&
        (!fallbackSecret || c.SUPPORT_OIDC_ISSUER !== undefined)) ||
      c.SUPPORT_JWT_ISSUER !== undefined,
    "SUPPORT_JWT_ISSUER is required with SUPPORT_JWT_SECRET or SUPPORT_JWT_PUBLIC_KEY",
    "SUPPORT_JWT_ISSUER",
  ],
  [
    (c) =>
      [c.SUPPORT_OIDC_ISSUER, c.SUPPORT_OIDC_AUDIENCE, c.SUPPORT_OIDC_JWKS_URL].every(
        (v) => v === undefined,
      ) ||
      [c.SUPPORT_OIDC_ISSUER, c.SUPPORT_OIDC_AUDIENCE, c.SUPPORT_OIDC_JWKS_URL].every((v) => v !== undefined),
    "set SUPPORT_OIDC_ISSUER, SUPPORT_OIDC_AUDIENCE and SUPPORT_OIDC_JWKS_URL together, or none",
    "SUPPORT_OIDC_JWKS_URL",
  ],
];

export interface AuthConfig {
  /** The static (dev or operator) key; null when only the IdP is trusted. */
  jwt:
    | ({ issuer: string; audience: string } & (
        | { kind: "secret"; secret: Uint8Array }
        | { kind: "public-key"; pem: string; alg: "ES256" | "RS256" | "EdDSA" }
      ))
    | null;
  /** The company IdP; null when not configured. */
  oidc: {
    issuer: string;
    audience: string;
    jwksUrl: string;
    algorithms: string[];
    roles: RoleMapping;
    jwksCooldownMs: number;
  } | null;
  tokens: { maxLifetimeSeconds: number; clockToleranceSeconds: number };
}

/** `secret`: the static HS256 secret in use (the environment's or the host's fallback), if any. */
export function authConfig(c: Raw, secret: Uint8Array | undefined): AuthConfig {
  const jwtBase = { issuer: c.SUPPORT_JWT_ISSUER ?? "", audience: c.SUPPORT_JWT_AUDIENCE };
  return {
    jwt:
      secret !== undefined
        ? { ...jwtBase, kind: "secret", secret }
        : c.SUPPORT_JWT_PUBLIC_KEY !== undefined
          ? { ...jwtBase, kind: "public-key", pem: c.SUPPORT_JWT_PUBLIC_KEY, alg: c.SUPPORT_JWT_ALG }
          : null,
    oidc:
      c.SUPPORT_OIDC_ISSUER !== undefined &&
      c.SUPPORT_OIDC_AUDIENCE !== undefined &&
      c.SUPPORT_OIDC_JWKS_URL !== undefined
        ? {
            issuer: c.SUPPORT_OIDC_ISSUER,
            audience: c.SUPPORT_OIDC_AUDIENCE,
            jwksUrl: c.SUPPORT_OIDC_JWKS_URL,
            algorithms: c.SUPPORT_OIDC_ALGORITHMS,
            roles: {
              claim: c.SUPPORT_OIDC_ROLE_CLAIM,
              subjectClaim: c.SUPPORT_OIDC_SUBJECT_CLAIM,
              ...(c.SUPPORT_OIDC_ROLE_MAP ? { map: c.SUPPORT_OIDC_ROLE_MAP } : {}),
            },
            jwksCooldownMs: c.SUPPORT_OIDC_JWKS_COOLDOWN_SECONDS * 1000,
          }
        : null,
    tokens: {
      maxLifetimeSeconds: c.SUPPORT_JWT_MAX_LIFETIME_SECONDS,
      clockToleranceSeconds: c.SUPPORT_JWT_CLOCK_SKEW_SECONDS,
    },
  };
}
