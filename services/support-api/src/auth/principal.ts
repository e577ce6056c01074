import { z } from "zod";

export const ROLES = ["support_agent", "fraud_analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller of one request. */
export interface Principal {
  /** The agent / analyst id (JWT `sub`). */
  subject: string;
  roles: ReadonlySet<Role>;
}

/** Claims we accept from a verified token; unknown roles are dropped, not trusted. */
export const tokenClaims = z.object({
  sub: z.string().min(1).max(200),
  roles: z.array(z.string()).max(20),
});

export function principalFromClaims(claims: unknown): Principal | null {
  const parsed = tokenClaims.safeParse(claims);
  if (!parsed.success) return null;
  const roles = new Set<Role>(
    parsed.data.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
  );
  if (roles.size === 0) return null;
  return { subject: parsed.data.sub, roles };
}

/** Admins may do what agents and analysts do; every lookup is still audited. */
export const isAgent = (p: Principal): boolean => p.roles.has("support_agent") || p.roles.has("admin");
export const isAnalyst = (p: Principal): boolean => p.roles.has("fraud_analyst") || p.roles.has("admin");
export const isAdmin = (p: Principal): boolean => p.roles.has("admin");
