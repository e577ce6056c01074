/**
 * The operations listener of a background service: `GET /healthz` (200 while the process runs),
 * `GET /readyz` (200 when `ready()` says so within `readyTimeoutMs`, else 503; a check that throws
 * or hangs counts as not ready) and `GET /metrics` (the service's own prom-client registry).
 * Anything else is 404. Loopback unless the service's config says otherwise; request bodies and
 * headers are never read or logged.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkWithin, type Readiness, type ReadyCheck, toReadiness } from "./readiness";

/** What `/metrics` serves: a prom-client `Registry` fits. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

/** What the ops server logs through (a pino logger fits). */
export interface OpsLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface OpsServerOptions {
  /** Default 127.0.0.1 (house rule: loopback unless configured). */
  host?: string;
  /** 0: an ephemeral port (tests); the bound port is returned. */
  port: number;
  registry: MetricsSource;
  /** `false` or `{ ready: false, reason }`: 503, with the reason in the body when given. */
  ready: ReadyCheck;
  /** A readiness check slower than this counts as not ready. Default 2000 ms. */
  readyTimeoutMs?: number;
  logger: OpsLogger;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_OPS_HOST = "127.0.0.1";

/** Runs `ready()` bounded by `timeoutMs`; not ready when it throws, rejects or is too slow. */
export async function checkReady(
  ready: ReadyCheck,
  timeoutMs: number,
  onError: (error: unknown) => void = () => {},
): Promise<Readiness> {
  return checkWithin(
    "readiness check",
    async () => {
      try {
        return toReadiness(await ready());
      } catch (e) {
        onError(e);
        return false;
      }
    },
    timeoutMs,
  );
}

const send = (res: ServerResponse, status: number, type: string, body: string) => {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(res.req.method === "HEAD" ? undefined : body);
};
const json = (res: ServerResponse, status: number, body: object) =>
  send(res, status, "application/json; charset=utf-8", JSON.stringify(body));

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const host = options.host ?? DEFAULT_OPS_HOST;
  const timeoutMs = options.readyTimeoutMs ?? 2000;
  const { logger, registry } = options;
  const onCheckError = (e: unknown) =>
    logger.warn({ err: { name: e instanceof Error ? e.name : typeof e } }, "readiness check failed");

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return json(res, 404, { status: "not found" });
    if (path === "/healthz") return json(res, 200, { status: "ok" });
    if (path === "/readyz") {
      void checkReady(options.ready, timeoutMs, onCheckError).then((r) =>
        r.ready
          ? json(res, 200, { status: "ready" })
          : json(res, 503, {
              status: "not ready",
              ...(r.reason === "not ready" ? {} : { reason: r.reason }),
            }),
      );
      return;
    }
    if (path === "/metrics") {
      registry.metrics().then(
        (text) => send(res, 200, registry.contentType, text),
        (e: unknown) => {
          logger.warn({ err: { name: e instanceof Error ? e.name : typeof e } }, "metrics collection failed");
          json(res, 500, { status: "metrics unavailable" });
        },
      );
      return;
    }
    json(res, 404, { status: "not found" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ host, port }, "ops server listening");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a scraper's keep-alive connection must not hold the stop
      }),
  };
}
