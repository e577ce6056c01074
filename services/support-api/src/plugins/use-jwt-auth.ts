import type { Plugin } from "graphql-yoga";
import { errors as joseErrors, jwtVerify } from "jose";
import { type Principal, principalFromClaims } from "../auth/principal";
import type { Clock } from "../ports";

export type JwtKey = Parameters<typeof jwtVerify>[1];

export interface JwtAuthOptions {
  /** HMAC secret, public key (CryptoKey/KeyObject/JWK) or a key resolver (e.g. a JWKS). */
  key: JwtKey;
  issuer: string;
  audience: string;
  algorithms?: string[];
  clock?: Clock;
  /** Requests let through without a token (GraphiQL's HTML page in development). */
  allowAnonymous?: (request: Request) => boolean;
}

const unauthorized = (fetchAPI: { Response: typeof Response }, message: string): Response =>
  new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: "UNAUTHENTICATED" } }] }), {
    status: 401,
    headers: { "content-type": "application/json", "www-authenticate": 'Bearer realm="support-api"' },
  });

/**
 * Bearer JWT authentication: no or invalid token → HTTP 401 before any GraphQL work; a valid one
 * puts the `principal` (subject + roles) into the context. The token itself is never logged.
 */
export function useJwtAuth(options: JwtAuthOptions): Plugin<{ principal: Principal | null }> {
  const principals = new WeakMap<Request, Principal>();
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      if (options.allowAnonymous?.(request)) return;
      const token = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
      if (!token) return endResponse(unauthorized(fetchAPI, "Missing bearer token."));
      try {
        const { payload } = await jwtVerify(token, options.key, {
          issuer: options.issuer,
          audience: options.audience,
          ...(options.algorithms ? { algorithms: options.algorithms } : {}),
          ...(options.clock ? { currentDate: options.clock.now() } : {}),
        });
        const principal = principalFromClaims(payload);
        if (!principal) return endResponse(unauthorized(fetchAPI, "Token carries no known role."));
        principals.set(request, principal);
      } catch (e) {
        if (e instanceof joseErrors.JOSEError) return endResponse(unauthorized(fetchAPI, "Invalid token."));
        throw e;
      }
    },
    onContextBuilding({ context, extendContext }) {
      extendContext({ principal: principals.get(context.request) ?? null });
    },
  };
}
