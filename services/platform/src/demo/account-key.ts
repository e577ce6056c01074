import { createHash } from "node:crypto";

/**
 * The demo's second verifier key, with the `enroll` scope only: what an account page holds. The
 * dev key is an admin's, which may always disable a factor; the can't-disable users need the
 * user's own path, where a disable without a fresh code is refused. Derived from the dev key, so
 * the platform and the demo agree on it without storing another credential.
 */
export function demoAccountApiKey(devApiKey: string): string {
  return `fl_demo_acct_${createHash("sha256").update(`factorlens-demo-account:${devApiKey}`).digest("base64url")}`;
}
