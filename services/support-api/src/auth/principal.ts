import { z } from "zod";

export const ROLES = ["support_agent", "support_lead", "fraud_analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/** The authenticated caller of one request. */
export interface Principal {
  /** The agent / analyst id (the token's subject claim); recorded in every audit event. */
  subject: string;
  roles: ReadonlySet<Role>;
}

/**
 * Where a token carries its roles and what they mean here. Okta puts groups in `groups`, Entra ID
 * app roles in `roles`, Keycloak in `realm_access.roles`: `claim` is a dot path. `map` turns a
 * claim value (a group name) into roles; without a map, values that are role names count as is.
 */
export interface RoleMapping {
  claim: string;
  map?: Readonly<Record<string, readonly Role[]>>;
  /** The claim naming the agent (default `sub`). */
  subjectClaim?: string;
}

export const DEFAULT_ROLE_MAPPING: RoleMapping = { claim: "roles" };

const subjectSchema = z.string().min(1).max(128);
const valuesSchema = z.union([z.array(z.string()).max(200), z.string().max(2000)]);

const own = (v: unknown, k: string): unknown =>
  v !== null && typeof v === "object" && Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
/** A claim by name (namespaced claims such as "https://example.com/roles" contain dots), else a dot path. */
const at = (claims: unknown, path: string): unknown =>
  own(claims, path) ?? path.split(".").reduce<unknown>(own, claims);

/** Claims of a verified token → principal; unknown roles are dropped, not trusted; none → null. */
export function principalFromClaims(
  claims: unknown,
  mapping: RoleMapping = DEFAULT_ROLE_MAPPING,
): Principal | null {
  const subject = subjectSchema.safeParse(at(claims, mapping.subjectClaim ?? "sub"));
  const values = valuesSchema.safeParse(at(claims, mapping.claim));
  if (!subject.success || !values.success) return null;
  const list = typeof values.data === "string" ? values.data.split(/\s+/) : values.data;
  const roles = new Set<Role>();
  for (const v of list) {
    if (mapping.map) for (const r of mapping.map[v] ?? []) roles.add(r);
    else if (isRole(v)) roles.add(v);
  }
  if (roles.size === 0) return null;
  return { subject: subject.data, roles };
}

/** Leads and admins may do what agents do; admins what analysts do; every lookup is still audited. */
export const isAgent = (p: Principal): boolean =>
  p.roles.has("support_agent") || p.roles.has("support_lead") || p.roles.has("admin");
/** Heavy actions (reset or disable a factor) need a lead or an admin. */
export const isLead = (p: Principal): boolean => p.roles.has("support_lead") || p.roles.has("admin");
export const isAnalyst = (p: Principal): boolean => p.roles.has("fraud_analyst") || p.roles.has("admin");
export const isAdmin = (p: Principal): boolean => p.roles.has("admin");
