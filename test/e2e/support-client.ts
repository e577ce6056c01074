/** Small HTTP clients for the e2e tests: the verifier (API key) and the support GraphQL API (JWT). */
import { decodeBase32, totpCode, totpStep } from "@factorlens/domain";

export const TOTP_PARAMS = { algorithm: "SHA1", digits: 6, period: 30 } as const;

/**
 * Enrolls a default TOTP factor over the verifier's HTTP API and confirms it with the current
 * step's code. `code(offset)` is the code of the confirmation's step + offset (0: the one used).
 */
export async function enrollConfirmedTotp(
  verifier: { verifierUrl: string; apiKey: string },
  userId: string,
): Promise<{
  factorId: string;
  secret: string;
  otpauthUri: string;
  step: number;
  code(offset?: number): string;
}> {
  const call = <T>(path: string, body: unknown) =>
    verifierCall<T>(verifier.verifierUrl, verifier.apiKey, "POST", path, body);
  const enrolled = await call<{ factorId: string; secret: string; otpauthUri: string }>(
    `/v1/users/${userId}/factors`,
    { method: "totp" },
  );
  if (enrolled.status !== 201) throw new Error(`enroll: ${enrolled.status} ${JSON.stringify(enrolled.json)}`);
  const key = decodeBase32(enrolled.json.secret);
  const step = totpStep(Date.now(), 30);
  const code = (offset = 0) => totpCode(key, TOTP_PARAMS, step + offset);
  const confirmed = await call<{ confirmed: boolean }>(
    `/v1/users/${userId}/factors/${enrolled.json.factorId}/confirm`,
    { code: code() },
  );
  if (confirmed.json.confirmed !== true)
    throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.json)}`);
  return { ...enrolled.json, step, code };
}

export async function verifierCall<T>(
  baseUrl: string,
  apiKey: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${apiKey}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

export async function graphql<T>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (!res.ok || json.errors?.length) {
    throw new Error(`GraphQL ${res.status}: ${JSON.stringify(json.errors ?? json)}`);
  }
  return json.data as T;
}

/**
 * Re-runs `probe` until it returns a value (not undefined) or `timeoutMs` passes: the projector
 * is eventually consistent and GraphQL offers no event to await for it.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms (last error: ${String(last)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const USER_QUERY = `
  query ($id: ID!) {
    user(id: $id, ticket: "E2E-1") {
      __typename
      ... on User {
        diagnosis { pattern confidence summary suggestedSteps }
        lockout { locked }
        factors { id method status }
        timeline(first: 20) { edges { node { outcome reason smsState diagnosis { pattern confidence } } } }
      }
      ... on SupportError { code message }
    }
  }`;

export interface UserView {
  user:
    | {
        __typename: "User";
        diagnosis: { pattern: string; confidence: string; summary: string; suggestedSteps: string[] } | null;
        lockout: { locked: boolean };
        factors: { id: string; method: string; status: string }[];
        timeline: {
          edges: {
            node: {
              outcome: string;
              reason: string | null;
              diagnosis: { pattern: string; detail: string | null } | null;
            };
          }[];
        };
      }
    | { __typename: "SupportError"; code: string; message: string };
}

type Verifier = { verifierUrl: string; apiKey: string };
type SupportApi = { graphqlUrl: string; adminToken: string };
export type UserFound = Extract<UserView["user"], { __typename: "User" }>;

/** A login app's `POST /v1/verify` for `userId`, from a fixed public IP with `userAgent`. */
export const verifyLogin = (verifier: Verifier, userId: string, code: string, userAgent: string) =>
  verifierCall<{ accepted: boolean; reason?: string }>(
    verifier.verifierUrl,
    verifier.apiKey,
    "POST",
    "/v1/verify",
    {
      userId,
      code,
      context: { ip: "81.2.69.142", userAgent },
    },
  );

/**
 * The support API's view of an active-factor user once `shows(user)` holds (polled: projections
 * are eventually consistent). The active factor is part of the wait because each field is its own
 * read: one answer can show a batch's attempts or diagnosis next to the factor as it was before
 * that batch (a confirmation, verifications and a diagnosis can land in one batch).
 */
export const pollActiveUser = (
  api: SupportApi,
  userId: string,
  what: string,
  shows: (user: UserFound) => boolean,
  timeoutMs = 30_000,
) =>
  pollUntil(
    what,
    async () => {
      const { user } = await graphql<UserView>(api.graphqlUrl, api.adminToken, USER_QUERY, { id: userId });
      return user.__typename === "User" && user.factors.some((f) => f.status === "active") && shows(user)
        ? user
        : undefined;
    },
    timeoutMs,
  );
