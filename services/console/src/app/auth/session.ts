/**
 * The logged-in session, held in memory only (a module of React state, never localStorage or a
 * cookie): a reload logs out. The token's claims are read for display and expiry only; the support
 * API is what verifies it.
 */
export type ConsoleRole = "support_agent" | "support_lead" | "fraud_analyst" | "admin";

export interface Session {
  token: string;
  subject: string;
  roles: ReadonlySet<string>;
  /** Epoch ms; the console logs out then. */
  expiresAt: number;
  via: "dev" | "oidc";
}

function claimsOf(token: string): Record<string, unknown> {
  const part = token.split(".")[1];
  if (!part) return {};
  try {
    const json = atob(
      part
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(part.length / 4) * 4, "="),
    );
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function sessionFromToken(token: string, via: Session["via"], roleClaim = "roles"): Session {
  const c = claimsOf(token);
  const raw = c[roleClaim];
  const roles = new Set(Array.isArray(raw) ? raw.filter((r): r is string => typeof r === "string") : []);
  const exp = typeof c.exp === "number" ? c.exp * 1000 : Date.now() + 3600_000;
  return { token, subject: typeof c.sub === "string" ? c.sub : "unknown", roles, expiresAt: exp, via };
}

export const canAgent = (s: Session) =>
  s.roles.has("support_agent") || s.roles.has("support_lead") || s.roles.has("admin");
export const canAnalyst = (s: Session) => s.roles.has("fraud_analyst") || s.roles.has("admin");
export const isLead = (s: Session) => s.roles.has("support_lead") || s.roles.has("admin");
