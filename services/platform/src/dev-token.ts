/** The development admin token for the support API: HS256, signed with the stored dev key. */
import { SignJWT } from "jose";

export interface DevTokenOptions {
  secret: Uint8Array;
  issuer: string;
  audience: string;
  subject?: string;
  roles?: string[];
  ttlSeconds?: number;
  now?: Date;
}

export async function signDevToken(o: DevTokenOptions): Promise<string> {
  const now = Math.floor((o.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ roles: o.roles ?? ["admin", "support_agent", "fraud_analyst"] })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(o.subject ?? "dev-admin")
    .setIssuer(o.issuer)
    .setAudience(o.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (o.ttlSeconds ?? 12 * 3600))
    .sign(o.secret);
}
