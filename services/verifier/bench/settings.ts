// The settings every verifier bench starts from: a fresh master key, one API key with every
// scope, and rate limits high enough that the guards never cut a measured run short.
import { randomBytes } from "node:crypto";

export const KEY = "bench-key-0123456789abcdef";

export function benchSettings(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    FACTORLENS_MASTER_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    FACTORLENS_API_KEYS: `bench:verify+enroll+admin:${KEY}`,
    FACTORLENS_RATE_LIMIT_PER_IP: "10000000",
    FACTORLENS_RATE_LIMIT_PER_USER: "10000000",
    LOG_LEVEL: "warn",
  };
}
