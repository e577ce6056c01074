/**
 * OIDC Authorization Code + PKCE in the browser (oauth4webapi), against the issuer the support API
 * names. The PKCE verifier and state survive the redirect in sessionStorage (this tab only, removed
 * on return); the token itself is kept in memory only.
 */
import * as oauth from "oauth4webapi";
import type { ConsoleConfig } from "./console-config";

type OidcConfig = NonNullable<ConsoleConfig["oidc"]>;
const PENDING = "factorlens.console.oidc";
const redirectUri = () => `${window.location.origin}/console/`;

/** oauth4webapi refuses plain http; an issuer on this machine's loopback (a local IdP) is allowed it. */
const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);
const transport = (cfg: OidcConfig) => {
  const url = new URL(cfg.issuer);
  return url.protocol === "http:" && LOOPBACK.has(url.hostname)
    ? { [oauth.allowInsecureRequests]: true }
    : {};
};

async function discover(cfg: OidcConfig) {
  const issuer = new URL(cfg.issuer);
  return oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: "oidc", ...transport(cfg) }),
  );
}

export async function startOidcLogin(cfg: OidcConfig): Promise<void> {
  const as = await discover(cfg);
  if (!as.authorization_endpoint) throw new Error("the identity provider names no authorization endpoint");
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(PENDING, JSON.stringify({ codeVerifier, state, nonce }));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set("client_id", cfg.clientId);
  url.searchParams.set("redirect_uri", redirectUri());
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", cfg.scope);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  url.searchParams.set("state", state);
  url.searchParams.set("nonce", nonce);
  window.location.assign(url.href);
}

/** On the redirect back (?code=…&state=…): exchanges the code; null when this is no callback. */
export async function completeOidcLogin(cfg: OidcConfig): Promise<string | null> {
  const here = new URL(window.location.href);
  const pendingRaw = sessionStorage.getItem(PENDING);
  if (!here.searchParams.has("state") || pendingRaw === null) return null;
  sessionStorage.removeItem(PENDING);
  window.history.replaceState(null, "", "/console/"); // the code is single-use; keep it out of history
  const pending = JSON.parse(pendingRaw) as { codeVerifier: string; state: string; nonce: string };
  const as = await discover(cfg);
  const client: oauth.Client = { client_id: cfg.clientId };
  const params = oauth.validateAuthResponse(as, client, here, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri(),
    pending.codeVerifier,
    transport(cfg),
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: pending.nonce,
    requireIdToken: cfg.token === "id_token",
  });
  const token = cfg.token === "id_token" ? result.id_token : result.access_token;
  if (!token) throw new Error(`the identity provider returned no ${cfg.token}`);
  return token;
}
