/**
 * The console's GraphQL client: POST /graphql on this origin with the in-memory bearer token in
 * the Authorization header (no cookie, so no ambient credential a forged request could carry),
 * and Server-Sent Events for subscriptions, read from a fetch body (EventSource sends no headers).
 */
export class GraphqlError extends Error {
  override name = "GraphqlError";
  constructor(
    message: string,
    readonly code: string | null,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface GraphqlClient {
  query<T>(document: string, variables?: Record<string, unknown>): Promise<T>;
  /** Calls `onNext` for each event until the returned function is called or the stream ends. */
  subscribe<T>(
    document: string,
    variables: Record<string, unknown>,
    onNext: (data: T) => void,
    onError: (e: Error) => void,
  ): () => void;
}

interface GraphqlResponse {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

function unwrap<T>(body: GraphqlResponse, status: number): T {
  const first = body.errors?.[0];
  if (first) throw new GraphqlError(first.message, first.extensions?.code ?? null, status);
  if (body.data === undefined || body.data === null) throw new GraphqlError("Empty response.", null, status);
  return body.data as T;
}

export function createGraphqlClient(endpoint: string, token: string, onUnauthenticated: () => void) {
  const headers = (accept: string) => ({
    "content-type": "application/json",
    accept,
    authorization: `Bearer ${token}`,
  });
  const client: GraphqlClient = {
    async query<T>(document: string, variables: Record<string, unknown> = {}) {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: headers("application/graphql-response+json, application/json"),
        body: JSON.stringify({ query: document, variables }),
        credentials: "omit",
      });
      if (res.status === 401) onUnauthenticated();
      return unwrap<T>((await res.json()) as GraphqlResponse, res.status);
    },
    subscribe<T>(
      document: string,
      variables: Record<string, unknown>,
      onNext: (data: T) => void,
      onError: (e: Error) => void,
    ) {
      const abort = new AbortController();
      void (async () => {
        const res = await fetch(endpoint, {
          method: "POST",
          headers: headers("text/event-stream"),
          body: JSON.stringify({ query: document, variables }),
          credentials: "omit",
          signal: abort.signal,
        });
        if (res.status === 401) onUnauthenticated();
        if (!res.ok || !res.body)
          throw new GraphqlError(`Live updates refused (${res.status}).`, null, res.status);
        for await (const payload of sseEvents(res.body)) onNext(unwrap<T>(payload as GraphqlResponse, 200));
      })().catch((e: Error) => {
        if (!abort.signal.aborted) onError(e);
      });
      return () => abort.abort();
    },
  };
  return client;
}

/** The `data:` payloads of a text/event-stream body, parsed as JSON; ends at `event: complete`. */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const end = buffer.indexOf("\n\n");
    if (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (/^event: complete$/m.test(block)) return;
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
        .join("");
      if (data) yield JSON.parse(data);
      continue;
    }
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
  }
}
