/**
 * `useConsole`: serves the support console's files under /console on the API's own origin, its
 * login configuration (/console/config.json) and, with the development credentials only, the
 * dev login. Runs before the JWT plugin: these paths carry no token; /graphql still needs one.
 */
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { ConsoleConfig } from "@factorlens/console";
import type { Plugin } from "graphql-yoga";
import type { DateClock } from "../ports";
import type { ConsoleOptions } from "./console-options";
import { devLogin } from "./dev-login";
import { consoleHeaders } from "./security-headers";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

export function useConsole(
  options: ConsoleOptions & { issuer: string; audience: string; clock: DateClock },
): Plugin {
  const headers = consoleHeaders(options.oidc?.issuer ?? null);
  const root = normalize(options.assetsDir) + sep;
  const respond = (body: BodyInit | null, status: number, extra: Record<string, string>) =>
    new Response(body, { status, headers: { ...headers, ...extra } });

  async function file(rel: string): Promise<Response> {
    const path = normalize(join(root, rel));
    if (!path.startsWith(root)) return respond("Not found.", 404, { "content-type": "text/plain" });
    try {
      const body = await readFile(path);
      const hashed = rel.startsWith("assets/");
      return respond(new Uint8Array(body), 200, {
        "content-type": TYPES[extname(path)] ?? "application/octet-stream",
        "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT" && (e as NodeJS.ErrnoException).code !== "EISDIR")
        throw e;
      if (rel === "index.html")
        return respond("The console is not built: run pnpm --filter @factorlens/console build.", 503, {
          "content-type": "text/plain",
        });
      return respond("Not found.", 404, { "content-type": "text/plain" });
    }
  }

  async function route(request: Request, pathname: string): Promise<Response> {
    if (pathname === "/console") return respond(null, 308, { location: "/console/" });
    const rel = decodeURIComponent(pathname.slice("/console/".length));
    if (rel === "config.json")
      return respond(
        JSON.stringify({
          devLogin: options.devLogin ? { roles: ["agent", "lead", "analyst", "admin"] } : null,
          oidc: options.oidc,
        } satisfies ConsoleConfig),
        200,
        { "content-type": "application/json", "cache-control": "no-store" },
      );
    if (rel === "dev-login") {
      if (!options.devLogin) return respond("Not found.", 404, { "content-type": "text/plain" });
      const res = await devLogin(request, {
        ...options.devLogin,
        issuer: options.issuer,
        audience: options.audience,
        clock: options.clock,
      });
      for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
      return res;
    }
    if (request.method !== "GET" && request.method !== "HEAD")
      return respond("Method not allowed.", 405, { allow: "GET, HEAD" });
    if (rel.split(/[\\/]/).includes(".."))
      return respond("Not found.", 404, { "content-type": "text/plain" });
    // The single page for "/console/" and any path that is not a file (client-side routes).
    return file(rel === "" || !extname(rel) ? "index.html" : rel);
  }

  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== "/console" && !url.pathname.startsWith("/console/")) return;
      try {
        endResponse(await route(request, url.pathname));
      } catch (e) {
        if (e instanceof URIError)
          return endResponse(respond("Not found.", 404, { "content-type": "text/plain" }));
        throw e;
      }
    },
  };
}
