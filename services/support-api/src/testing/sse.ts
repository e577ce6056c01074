/** Reads Server-Sent Events `next` payloads from a yoga response body. */
export function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next(): Promise<unknown> {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split("\n")
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trim())
            .join("");
          if (block.includes("event: complete")) return null;
          if (data) return JSON.parse(data);
          continue;
        }
        const { value, done } = await reader.read();
        if (done) return null;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

export async function subscribe(
  api: { fetch: (url: string, init: RequestInit) => Promise<Response> | Response },
  bearer: string,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const res = await api.fetch("http://support.test/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "text/event-stream",
      authorization: `Bearer ${bearer}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { res, events: sseReader(res) };
}

/**
 * The SSE payload of one failed attempt streamed by `userTimeline { id outcome diagnosis { pattern confidence } }`.
 */
export const timelineEvent = (id: string, pattern: string, confidence: string) => ({
  data: { userTimeline: { id, outcome: "failed", diagnosis: { pattern, confidence } } },
});
