import { Counter, Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { type OpsServer, type OpsServerOptions, startOpsServer } from "./ops-server";

const logger = () => {
  const lines: { obj: object; msg?: string }[] = [];
  const push = (obj: object, msg?: string) => lines.push({ obj, msg });
  return { lines, info: push, warn: push };
};

describe("startOpsServer (real HTTP on an ephemeral loopback port)", () => {
  const servers: OpsServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  const start = async (ready: OpsServerOptions["ready"], readyTimeoutMs = 2000) => {
    const registry = new Registry();
    const events = new Counter({
      name: "factorlens_test_events_total",
      help: "events",
      registers: [registry],
    });
    const log = logger();
    const server = await startOpsServer({ port: 0, registry, ready, readyTimeoutMs, logger: log });
    servers.push(server);
    const get = (path: string, method = "GET") => fetch(`http://127.0.0.1:${server.port}${path}`, { method });
    return { server, registry, events, log, get };
  };

  it("answers /healthz with 200 and logs where it listens (loopback by default)", async () => {
    const { server, get, log } = await start(() => false);
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(log.lines).toEqual([
      { obj: { host: "127.0.0.1", port: server.port }, msg: "ops server listening" },
    ]);
  });

  it("answers /readyz 200 when ready, 503 when not, following the check each time", async () => {
    let ready = true;
    const { get } = await start(async () => ready);
    expect((await get("/readyz")).status).toBe(200);
    ready = false;
    const res = await get("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "not ready" });
  });

  it("names what is not ready in the 503 body when the check gives a reason", async () => {
    const { get } = await start(() => ({
      ready: false,
      reason: "ingest stalled since 2026-01-01T00:00:00.000Z",
    }));
    const res = await get("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: "not ready",
      reason: "ingest stalled since 2026-01-01T00:00:00.000Z",
    });
  });

  it("counts a throwing check as not ready and logs only the error's name", async () => {
    const { get, log } = await start(() => {
      throw new Error("connect ECONNREFUSED postgres://user:pw@db");
    });
    expect((await get("/readyz")).status).toBe(503);
    expect(log.lines.at(-1)).toEqual({ obj: { err: { name: "Error" } }, msg: "readiness check failed" });
    expect(JSON.stringify(log.lines)).not.toContain("pw@db");
  });

  it("counts a check slower than the timeout as not ready", async () => {
    const { get } = await start(() => new Promise<boolean>(() => {}), 50);
    expect((await get("/readyz")).status).toBe(503);
  });

  it("serves the registry with prom-client's content type", async () => {
    const { get, events, registry } = await start(() => true);
    events.inc(3);
    const res = await get("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(registry.contentType);
    expect(await res.text()).toContain("factorlens_test_events_total 3");
  });

  it("answers 404 to other paths and methods", async () => {
    const { get } = await start(() => true);
    expect((await get("/")).status).toBe(404);
    expect((await get("/metrics/x")).status).toBe(404);
    expect((await get("/healthz", "POST")).status).toBe(404);
    expect((await get("/healthz?probe=1")).status).toBe(200);
  });

  it("closes even with a keep-alive connection open", async () => {
    const { server, get } = await start(() => true);
    await (await get("/healthz")).text();
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    await expect(get("/healthz")).rejects.toThrow();
  });
});
