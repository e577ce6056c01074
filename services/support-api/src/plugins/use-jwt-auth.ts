import type { Plugin } from "graphql-yoga";
import { decodeJwt, type JWTPayload, errors as joseErrors, jwtVerify } from "jose";
import { type Principal, principalFromClaims, type RoleMapping } from "../auth/principal";
import type { DateClock } from "../ports";

export type JwtKey = Parameters<typeof jwtVerify>[1];

/** One issuer whose tokens are accepted: the dev HS/RS key, or the company IdP by its JWKS. */
export interface TrustedIssuer {
  issuer: string;
  audience: string;
  /** HMAC secret, public key (CryptoKey/KeyObject/JWK) or a key resolver (`createRemoteJWKSet`). */
  key: JwtKey;
  algorithms?: string[];
  /** Where the roles are and what they mean (default: the `roles` claim, role names as is). */
  roles?: RoleMapping;
}

export interface JwtAuthOptions {
  issuers: readonly TrustedIssuer[];
  /** `exp` − `iat` (− now without `iat`) may not exceed this; default 12 h. */
  maxLifetimeSeconds?: number;
  /** Clock skew tolerated on `exp`, `nbf` and `iat`; default 30 s. */
  clockToleranceSeconds?: number;
  clock?: DateClock;
  /** Requests let through without a token (GraphiQL's HTML page in development). */
  allowAnonymous?: (request: Request) => boolean;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;

const unauthorized = (fetchAPI: { Response: typeof Response }, message: string): Response =>
  new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: "UNAUTHENTICATED" } }] }), {
    status: 401,
    headers: { "content-type": "application/json", "www-authenticate": 'Bearer realm="support-api"' },
  });

/** Why a token is refused, in words an operator can act on; never the token or its claims. */
function refusal(e: unknown): string | null {
  if (e instanceof joseErrors.JWTExpired) return "Token expired.";
  if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === "exp")
    return "Token has no expiry (exp).";
  if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === "aud")
    return "Token audience is not accepted.";
  if (e instanceof joseErrors.JWKSNoMatchingKey) return "Token signed with an unknown key.";
  if (e instanceof joseErrors.JWKSTimeout) return "The identity provider's keys could not be fetched.";
  if (e instanceof joseErrors.JOSEError) return "Invalid token.";
  return null;
}

/**
 * Bearer JWT authentication: no or invalid token → HTTP 401 before any GraphQL work; a valid one
 * puts the `principal` (subject + roles) into the context. The issuer named by the token picks
 * the key it is verified with; `exp` is required and the lifetime bounded. Never logs the token.
 */
export function useJwtAuth(options: JwtAuthOptions): Plugin<{ principal: Principal | null }> {
  const principals = new WeakMap<Request, Principal>();
  const tolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      if (options.allowAnonymous?.(request)) return;
      const token = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
      if (!token) return endResponse(unauthorized(fetchAPI, "Missing bearer token."));
      let claimedIssuer: unknown;
      try {
        claimedIssuer = decodeJwt(token).iss;
      } catch {
        return endResponse(unauthorized(fetchAPI, "Invalid token."));
      }
      const trusted = options.issuers.find((i) => i.issuer === claimedIssuer);
      if (!trusted) return endResponse(unauthorized(fetchAPI, "Token issuer is not trusted."));
      const now = options.clock?.now() ?? new Date();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, trusted.key, {
          issuer: trusted.issuer,
          audience: trusted.audience,
          requiredClaims: ["exp"],
          clockTolerance: tolerance,
          currentDate: now,
          ...(trusted.algorithms ? { algorithms: trusted.algorithms } : {}),
        }));
      } catch (e) {
        const message = refusal(e);
        if (message !== null) return endResponse(unauthorized(fetchAPI, message));
        throw e;
      }
      const nowS = Math.floor(now.getTime() / 1000);
      const from = payload.iat ?? nowS;
      if (from > nowS + tolerance) return endResponse(unauthorized(fetchAPI, "Token issued in the future."));
      if ((payload.exp ?? 0) - from > maxLifetime + tolerance)
        return endResponse(unauthorized(fetchAPI, `Token lifetime exceeds the maximum of ${maxLifetime} s.`));
      const principal = principalFromClaims(payload, trusted.roles);
      if (!principal) return endResponse(unauthorized(fetchAPI, "Token carries no known role."));
      principals.set(request, principal);
    },
    onContextBuilding({ context, extendContext }) {
      extendContext({ principal: principals.get(context.request) ?? null });
    },
  };
}
