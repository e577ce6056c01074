import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { AUTH, createManualFeed, makeApi } from "../testing/harness";

const dir = mkdtempSync(join(tmpdir(), "console-assets-"));
mkdirSync(join(dir, "assets"));
writeFileSync(join(dir, "index.html"), "<!doctype html><title>console</title>");
writeFileSync(join(dir, "assets", "app-abc123.js"), "console.log(1)");

const api = (devLogin: boolean, oidc: { issuer: string; clientId: string } | null = null) =>
  makeApi(
    {
      readModels: createFakeReadModels({ users: [], attempts: [], patterns: {}, sms: [], support: [] }),
      actions: createFakeActions().actions,
      feed: createManualFeed(),
    },
    {
      console: {
        assetsDir: dir,
        devLogin: devLogin ? { key: AUTH.key as Uint8Array, ttlSeconds: 900 } : null,
        oidc: oidc ? { ...oidc, scope: "openid", token: "access_token", roleClaim: "roles" } : null,
      },
    },
  );

describe("the console on the support API's origin", () => {
  it("serves the page without a token, with a strict CSP and security headers", async () => {
    const res = await api(false).fetch("http://support.test/console/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<title>console</title>");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("serves hashed assets with their type, and refuses paths out of the folder", async () => {
    const a = api(false);
    const js = await a.fetch("http://support.test/console/assets/app-abc123.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toContain("text/javascript");
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect((await a.fetch("http://support.test/console/assets/..%2f..%2fetc%2fpasswd")).status).toBe(404);
    expect((await a.fetch("http://support.test/console/assets/missing.js")).status).toBe(404);
  });

  it("names the OIDC issuer in config and allows only its origin to be connected to", async () => {
    const res = await api(false, { issuer: "https://idp.example.test/realms/x", clientId: "console" }).fetch(
      "http://support.test/console/config.json",
    );
    const body = (await res.json()) as { devLogin: unknown; oidc: { issuer: string; clientId: string } };
    expect(body.devLogin).toBeNull();
    expect(body.oidc).toMatchObject({ issuer: "https://idp.example.test/realms/x", clientId: "console" });
    expect(res.headers.get("content-security-policy")).toContain(
      "connect-src 'self' https://idp.example.test",
    );
  });

  it("mints a short-lived token for the chosen role only when the dev login is on", async () => {
    const post = (a: ReturnType<typeof api>, body: unknown) =>
      a.fetch("http://support.test/console/dev-login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post(api(false), { role: "admin" })).status).toBe(404);
    const on = api(true);
    const res = await post(on, { role: "lead" });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const { payload } = await jwtVerify(token, AUTH.key, {
      issuer: AUTH.issuer,
      audience: AUTH.audience,
      currentDate: new Date("2026-11-26T12:00:00Z"),
    });
    expect(payload.roles).toEqual(["support_lead", "support_agent"]);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
    const bad = await post(on, { role: "root" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(((await bad.json()) as { field?: string }).field).toBe("role");
    // a form post (no JSON content type, as a cross-site form would send) is refused
    const form = await on.fetch("http://support.test/console/dev-login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "role=admin",
    });
    expect(form.status).toBe(415);
  });

  it("still asks for a token on the GraphQL endpoint", async () => {
    const res = await api(true).fetch("http://support.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(res.status).toBe(401);
  });
});
