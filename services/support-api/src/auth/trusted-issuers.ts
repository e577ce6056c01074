import { createRemoteJWKSet, importSPKI } from "jose";
import type { AuthConfig } from "../config-auth";
import type { TrustedIssuer } from "../plugins/use-jwt-auth";

/**
 * The issuers whose tokens the API accepts: the static key (dev HS256 or an operator's public
 * key) and the company IdP, whose keys come from its JWKS URL (fetched again for an unknown kid,
 * at most once per cooldown: key rotation needs no restart).
 */
export async function trustedIssuers(config: AuthConfig): Promise<TrustedIssuer[]> {
  const out: TrustedIssuer[] = [];
  const jwt = config.jwt;
  if (jwt)
    out.push({
      issuer: jwt.issuer,
      audience: jwt.audience,
      key: jwt.kind === "secret" ? jwt.secret : await importSPKI(jwt.pem, jwt.alg),
      algorithms: jwt.kind === "secret" ? ["HS256"] : [jwt.alg],
    });
  const oidc = config.oidc;
  if (oidc)
    out.push({
      issuer: oidc.issuer,
      audience: oidc.audience,
      key: createRemoteJWKSet(new URL(oidc.jwksUrl), {
        cooldownDuration: oidc.jwksCooldownMs,
        timeoutDuration: 5_000,
      }),
      algorithms: oidc.algorithms,
      roles: oidc.roles,
    });
  return out;
}
