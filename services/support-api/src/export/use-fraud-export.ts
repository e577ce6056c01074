/**
 * `useFraudExport`: GET /fraud/export/<list>.csv|.ndjson?<arguments> streams every row of a fraud
 * list. Each page is the GraphQL field itself, run through this API's own fetch with the caller's
 * token, so the export is authorised, limited, audited and counted exactly like the query (a
 * ticket reveal audits each page's users). Runs after the JWT plugin: no token, no export.
 */
import type { Plugin } from "graphql-yoga";
import { csvField, EXPORTED_LISTS, exportQuery, flatten } from "./fraud-lists";

const PATH = /^\/fraud\/export\/([A-Za-z]+)\.(csv|ndjson)$/;
/** Rows per inner request: the API's page-size cap. */
export const EXPORT_PAGE_SIZE = 100;

interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

const problem = (p: Problem): Response =>
  new Response(JSON.stringify({ type: "about:blank", ...p }), {
    status: p.status,
    headers: { "content-type": "application/problem+json" },
  });

type Page = {
  rows: Record<string, unknown>[];
  next: string | null;
};
type GraphqlAnswer = {
  data?: {
    fraud?: Record<
      string,
      {
        edges: { node: Record<string, unknown> }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      }
    >;
  } | null;
  errors?: { message: string; extensions?: { code?: string; http?: { status?: number } } }[];
};

export function useFraudExport(options: {
  graphqlEndpoint: string;
  fetch: (r: Request) => Promise<Response>;
}): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      const m = PATH.exec(url.pathname);
      if (!m) return;
      const [, name = "", format] = m;
      const list = EXPORTED_LISTS[name];
      if (request.method !== "GET")
        return endResponse(problem({ status: 405, title: "Method not allowed", detail: "GET only." }));
      if (!list)
        return endResponse(
          problem({ status: 404, title: "Not found", detail: `No fraud list named ${name}.` }),
        );
      const variables: Record<string, unknown> = {};
      const errors: { field: string; message: string }[] = [];
      for (const [key, value] of url.searchParams) {
        const type = list.args[key];
        if (type === undefined) errors.push({ field: key, message: "not an argument of this list" });
        else if (type === "Int" || type === "Float") {
          const n = Number(value);
          if (value === "" || Number.isNaN(n)) errors.push({ field: key, message: "not a number" });
          else variables[key] = n;
        } else variables[key] = value;
      }
      if (errors.length > 0)
        return endResponse(
          problem({
            status: 400,
            title: "Invalid export arguments",
            detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
            errors,
          }),
        );
      const query = exportQuery(name, list, Object.keys(variables));
      const page = async (after: string | null): Promise<Page | Response> => {
        const res = await options.fetch(
          new Request(new URL(options.graphqlEndpoint, url), {
            method: "POST",
            headers: {
              "content-type": "application/json",
              authorization: request.headers.get("authorization") ?? "",
            },
            body: JSON.stringify({ query, variables: { ...variables, first: EXPORT_PAGE_SIZE, after } }),
          }),
        );
        const body = (await res.json()) as GraphqlAnswer;
        const connection = body.data?.fraud?.[name];
        if (body.errors?.length || !connection) {
          const e = body.errors?.[0];
          return problem({
            status: e?.extensions?.http?.status ?? (res.status >= 400 ? res.status : 500),
            title: e?.extensions?.code ?? "Export failed",
            detail: e?.message ?? "The list could not be read.",
          });
        }
        return {
          rows: connection.edges.map((edge) => flatten(edge.node)),
          next: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null,
        };
      };
      // The first page decides the status: a refusal is a problem document, not a broken stream.
      const first = await page(null);
      if (first instanceof Response) return endResponse(first);
      const encode = (rows: Record<string, unknown>[]) =>
        format === "csv"
          ? rows.map((r) => `${list.columns.map((c) => csvField(r[c])).join(",")}\r\n`).join("")
          : rows.map((r) => `${JSON.stringify(r)}\n`).join("");
      const text = new TextEncoder();
      let next = first.next;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          if (format === "csv") controller.enqueue(text.encode(`${list.columns.join(",")}\r\n`));
          controller.enqueue(text.encode(encode(first.rows)));
          if (next === null) controller.close();
        },
        async pull(controller) {
          if (next === null) return;
          const more = await page(next);
          // a later page refused (token expired mid-export): end the stream as failed, never truncate silently
          if (more instanceof Response) return controller.error(new Error(`export stopped: ${more.status}`));
          controller.enqueue(text.encode(encode(more.rows)));
          next = more.next;
          if (next === null) controller.close();
        },
      });
      const type = format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson";
      endResponse(
        new Response(stream, {
          status: 200,
          headers: {
            "content-type": type,
            "content-disposition": `attachment; filename="${name}.${format}"`,
            "cache-control": "no-store",
          },
        }),
      );
    },
  };
}
