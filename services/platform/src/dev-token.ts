/** The development admin token for the support API: HS256, signed with the stored dev key. */
import { mintDevToken, type Role } from "@factorlens/support-api";

export interface DevTokenOptions {
  secret: Uint8Array;
  issuer: string;
  audience: string;
  subject?: string;
  roles?: Role[];
  /** Default 12 h, the longest lifetime the support API accepts. */
  ttlSeconds?: number;
  now?: Date;
}

export async function signDevToken(o: DevTokenOptions): Promise<string> {
  return mintDevToken({
    secret: o.secret,
    issuer: o.issuer,
    audience: o.audience,
    role: o.roles ?? ["admin", "support_agent", "fraud_analyst"],
    subject: o.subject ?? "dev-admin",
    ttlSeconds: o.ttlSeconds ?? 12 * 3600,
    ...(o.now ? { now: o.now } : {}),
  });
}
