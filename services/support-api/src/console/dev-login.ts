/** POST /console/dev-login {"role": "agent"|"lead"|"analyst"|"admin"} → a short-lived token. */
import { SignJWT } from "jose";
import type { DateClock } from "../ports";
import { DEV_ROLES } from "./console-options";

export interface DevLoginDeps {
  key: Uint8Array;
  ttlSeconds: number;
  issuer: string;
  audience: string;
  clock: DateClock;
}

const problem = (status: number, title: string, detail: string, field?: string) =>
  new Response(JSON.stringify({ type: "about:blank", title, status, detail, ...(field ? { field } : {}) }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });

export async function devLogin(request: Request, deps: DevLoginDeps): Promise<Response> {
  if (request.method !== "POST") return problem(405, "Method Not Allowed", "Use POST.");
  // JSON only: a cross-site form cannot send it without a preflight, which this API never grants.
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json"))
    return problem(415, "Unsupported Media Type", "Send application/json.");
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return problem(400, "Bad Request", "The body is not JSON.");
  }
  const role = (body as { role?: unknown } | null)?.role;
  const roles = typeof role === "string" && Object.hasOwn(DEV_ROLES, role) ? DEV_ROLES[role] : undefined;
  if (!roles)
    return problem(400, "Bad Request", `role must be one of ${Object.keys(DEV_ROLES).join(", ")}.`, "role");
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const token = await new SignJWT({ roles })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(`dev-${role}`)
    .setIssuer(deps.issuer)
    .setAudience(deps.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + deps.ttlSeconds)
    .sign(deps.key);
  return new Response(
    JSON.stringify({ token, expiresAt: new Date((now + deps.ttlSeconds) * 1000).toISOString() }),
    {
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    },
  );
}
