/**
 * API key authentication: the caller sends `Authorization: Bearer <key>` (or `x-api-key`). Only the
 * SHA-256 of each configured key is held; the lookup compares digests in constant time against
 * every entry so timing does not reveal which key (or how much of it) matched.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { ApiKeyEntry, Scope } from "../config";

export interface Caller {
  name: string;
  scopes: ReadonlySet<Scope>;
}

export type AuthResult = { ok: true; caller: Caller } | { ok: false; status: 401 | 403 };

export function extractApiKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === "string" && auth.startsWith("Bearer ")) return auth.slice(7).trim() || undefined;
  const key = headers["x-api-key"];
  return typeof key === "string" && key.length > 0 ? key : undefined;
}

export function createApiKeyAuthenticator(entries: readonly ApiKeyEntry[]) {
  return {
    /** 401 for a missing or unknown key, 403 when the key lacks every one of `anyOf`. */
    authenticate(presented: string | undefined, anyOf: readonly Scope[]): AuthResult {
      if (presented === undefined || presented.length > 512) return { ok: false, status: 401 };
      const digest = createHash("sha256").update(presented).digest();
      let found: ApiKeyEntry | undefined;
      for (const entry of entries) {
        if (timingSafeEqual(entry.sha256, digest) && found === undefined) found = entry;
      }
      if (!found) return { ok: false, status: 401 };
      if (!anyOf.some((s) => found.scopes.has(s))) return { ok: false, status: 403 };
      return { ok: true, caller: { name: found.name, scopes: found.scopes } };
    },
  };
}
export type ApiKeyAuthenticator = ReturnType<typeof createApiKeyAuthenticator>;
