/** The company IdP the console logs in with (Authorization Code + PKCE), as this client. */
export interface ConsoleOidc {
  issuer: string;
  clientId: string;
  scope: string;
  /** The token the browser sends as its bearer: the access token (an API audience) or the ID token. */
  token: "access_token" | "id_token";
  /** Claim that carries the roles in that token (for display; the API maps it). */
  roleClaim: string;
}

/** What the support API tells the login page (GET /console/config.json): which logins are on. */
export interface ConsoleConfig {
  /** Present only when the support API runs on the development credentials. */
  devLogin: { roles: string[] } | null;
  oidc: ConsoleOidc | null;
}

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const res = await fetch("/console/config.json", { credentials: "omit" });
  if (!res.ok) throw new Error(`console configuration unavailable (${res.status})`);
  return (await res.json()) as ConsoleConfig;
}

export async function devLogin(role: string): Promise<string> {
  const res = await fetch("/console/dev-login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ role }),
    credentials: "omit",
  });
  const body = (await res.json()) as { token?: string; detail?: string };
  if (!res.ok || !body.token) throw new Error(body.detail ?? `development login refused (${res.status})`);
  return body.token;
}
