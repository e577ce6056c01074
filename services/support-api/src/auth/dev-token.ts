import { SignJWT } from "jose";
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from "../plugins/use-jwt-auth";
import { isRole, type Role } from "./principal";

export interface MintDevTokenOptions {
  /** The dev HS256 key the API accepts (the platform's stored dev credentials). */
  secret: Uint8Array;
  issuer: string;
  audience: string;
  /** One role (the console's dev login picks it) or several. */
  role: Role | readonly Role[];
  subject?: string;
  /** Default 1 h; at most the API's maximum lifetime (12 h). */
  ttlSeconds?: number;
  now?: Date;
}

/**
 * A short-lived development token for a chosen role: HS256, `iat` and `exp` set, the lifetime
 * within what the API accepts. Only for the dev credentials: production tokens come from the IdP.
 */
export async function mintDevToken(o: MintDevTokenOptions): Promise<string> {
  const roles = typeof o.role === "string" ? [o.role] : [...o.role];
  if (roles.length === 0 || !roles.every(isRole)) throw new RangeError("mintDevToken: unknown role");
  const ttl = o.ttlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > DEFAULT_MAX_TOKEN_LIFETIME_SECONDS)
    throw new RangeError(`mintDevToken: ttlSeconds must be 1..${DEFAULT_MAX_TOKEN_LIFETIME_SECONDS}`);
  const now = Math.floor((o.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(o.subject ?? `dev-${roles[0]}`)
    .setIssuer(o.issuer)
    .setAudience(o.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .sign(o.secret);
}
