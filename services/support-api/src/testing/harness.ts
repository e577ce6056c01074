import type { AttemptView } from "@factorlens/read-models";
import { SignJWT } from "jose";
import type { Role } from "../auth/principal";
import { createPseudonymizer } from "../auth/pseudonym";
import type { SupportApiDeps } from "../context";
import { type Channel, channel } from "../live/channel";
import type { TimelineFeed } from "../live/timeline-feed";
import { createSupportApi, type SupportApiOptions } from "../server";

export const JWT_SECRET = new TextEncoder().encode("test-secret-test-secret-test-secret!!");
export const AUTH = { key: JWT_SECRET, issuer: "https://idp.test", audience: "factorlens-support" };
export const PSEUDONYM_KEY = new Uint8Array(32).fill(7);

export async function token(
  roles: (Role | string)[],
  sub = "agent-7",
  claims: { issuer?: string; audience?: string; expiresIn?: string; key?: Uint8Array } = {},
): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setIssuer(claims.issuer ?? AUTH.issuer)
    .setAudience(claims.audience ?? AUTH.audience)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? "5m")
    .sign(claims.key ?? JWT_SECRET);
}

/** A feed the test pushes attempts into. */
export function createManualFeed(): TimelineFeed & { publish(row: AttemptView): void } {
  const subs = new Map<string, Set<Channel<AttemptView>>>();
  const waiters: { userId: string; resolve: () => void }[] = [];
  return {
    subscribe(userId) {
      const set = subs.get(userId) ?? new Set();
      subs.set(userId, set);
      const ch = channel<AttemptView>(() => set.delete(ch));
      set.add(ch);
      for (const w of waiters.filter((x) => x.userId === userId)) w.resolve();
      return ch.iterator;
    },
    whenListening: (userId) =>
      (subs.get(userId)?.size ?? 0) > 0
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ userId, resolve })),
    publish: (row) => {
      for (const ch of subs.get(row.userId) ?? []) ch.push(row);
    },
    close: async () => undefined,
  };
}

export function makeApi(
  deps: Omit<SupportApiDeps, "pseudonymize" | "clock"> & Partial<SupportApiDeps>,
  options: Partial<Omit<SupportApiOptions, "deps">> = {},
) {
  return createSupportApi({
    auth: { issuers: [AUTH] },
    mode: "production",
    ...options,
    deps: {
      pseudonymize: createPseudonymizer(PSEUDONYM_KEY),
      clock: { now: () => new Date("2026-11-26T12:00:00Z") },
      ...deps,
    },
  });
}

export interface GqlResponse {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

export async function gql(
  api: { fetch: (url: string, init: RequestInit) => Promise<Response> | Response },
  bearer: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResponse> {
  const res = await api.fetch("http://support.test/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GqlResponse["body"] };
}
