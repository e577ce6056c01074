/**
 * A real OpenID Connect provider (the `oidc-provider` package) on loopback, for the console's
 * browser login: Authorization Code + PKCE for one public client, its development login form
 * (any login and password; the login is the subject), RS256 ID tokens carrying `groups`, and
 * its JWKS at /jwks for the support API. Test use only.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

export interface LocalIdp {
  issuer: string;
  jwksUrl: string;
  close(): Promise<void>;
}

export async function startLocalIdp(options: {
  clientId: string;
  redirectUri: string;
  /** The `groups` claim of each subject (the login typed in the form). */
  groupsOf: (subject: string) => string[];
}): Promise<LocalIdp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "local-idp-1", alg: "RS256", use: "sig" };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        redirect_uris: [options.redirectUri],
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [jwk] },
    claims: { openid: ["sub"], groups: ["groups"] },
    // the console sends the ID token as its bearer: it carries the granted scopes' claims
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, groups: options.groupsOf(sub) }),
    }),
    // the console's origin (the public client's redirect URI) may call discovery and /token
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((u) => new URL(u).origin === origin) ?? false,
    features: { devInteractions: { enabled: true } },
    ttl: {
      IdToken: 600,
      AccessToken: 600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
  });
  server.on("request", provider.callback());
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
