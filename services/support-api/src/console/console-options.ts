/** How the support API serves the console: where its files are, and which logins it offers. */
import type { ConsoleOidc } from "@factorlens/console";

export type { ConsoleOidc };

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
