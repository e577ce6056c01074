/** How the support API serves the console: where its files are, and which logins it offers. */
export interface ConsoleOidc {
  issuer: string;
  clientId: string;
  scope: string;
  /** The token the browser sends as its bearer: the access token (an API audience) or the ID token. */
  token: "access_token" | "id_token";
  roleClaim: string;
}

export interface ConsoleOptions {
  /** The console's built files (index.html, assets/). */
  assetsDir: string;
  /** Only with the development credentials: mints short-lived tokens with the API's own HS256 key. */
  devLogin: { key: Uint8Array; ttlSeconds: number } | null;
  oidc: ConsoleOidc | null;
}

/** Dev-login roles → the token's roles (a lead is an agent too; support_lead is known to newer APIs). */
export const DEV_ROLES: Record<string, string[]> = {
  agent: ["support_agent"],
  lead: ["support_lead", "support_agent"],
  analyst: ["fraud_analyst"],
  admin: ["admin", "support_agent", "fraud_analyst"],
};
