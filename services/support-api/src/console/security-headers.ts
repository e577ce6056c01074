/**
 * The console's response headers: a CSP that allows only this origin (plus the OIDC issuer's,
 * for discovery and the token request), no framing, no sniffing, no referrer.
 */
export function consoleHeaders(oidcIssuer: string | null): Record<string, string> {
  const idp = oidcIssuer ? ` ${new URL(oidcIssuer).origin}` : "";
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self'${idp}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
}
