import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

const BASE = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:54329/x",
  SUPPORT_JWT_ISSUER: "iss",
  SUPPORT_JWT_SECRET: "s".repeat(32),
  SUPPORT_PSEUDONYM_KEY: Buffer.alloc(32, 7).toString("base64"),
};

describe("loadConfig: the verifier client", () => {
  it("is off unless both the URL and the key are set", () => {
    expect(loadConfig(BASE).verifier).toBeNull();
    const key = "admin-key-0123456789abcdef";
    expect(
      loadConfig({ ...BASE, SUPPORT_VERIFIER_URL: "http://127.0.0.1:4000", SUPPORT_VERIFIER_API_KEY: key })
        .verifier,
    ).toEqual({ url: "http://127.0.0.1:4000", apiKey: key, timeoutMs: 5000 });
  });

  it("refuses half a configuration or a bad URL, naming variables but never the key", () => {
    const key = "admin-key-0123456789abcdef";
    expect(() => loadConfig({ ...BASE, SUPPORT_VERIFIER_API_KEY: key })).toThrow(/SUPPORT_VERIFIER_URL/);
    expect(() =>
      loadConfig({ ...BASE, SUPPORT_VERIFIER_URL: "ftp://x", SUPPORT_VERIFIER_API_KEY: key }),
    ).toThrow(/SUPPORT_VERIFIER_URL/);
    const short = "0123456789"; // a key too short to accept
    let message = "";
    try {
      loadConfig({ ...BASE, SUPPORT_VERIFIER_URL: "http://v", SUPPORT_VERIFIER_API_KEY: short });
    } catch (e) {
      message = String(e);
    }
    expect(message).toMatch(/SUPPORT_VERIFIER_API_KEY/);
    expect(message).not.toContain(short);
  });
});

describe("loadConfig: where the API listens", () => {
  it("listens on loopback unless SUPPORT_API_HOST says otherwise", () => {
    expect(loadConfig(BASE).host).toBe("127.0.0.1");
    expect(loadConfig({ ...BASE, SUPPORT_API_HOST: "::1" }).host).toBe("::1");
  });
});

describe("loadConfig: the ops server", () => {
  it("is off unless OPS_PORT is set, and on loopback by default", () => {
    expect(loadConfig(BASE).ops).toBeNull();
    expect(loadConfig({ ...BASE, OPS_PORT: "9467" }).ops).toEqual({ host: "127.0.0.1", port: 9467 });
    expect(() => loadConfig({ ...BASE, OPS_PORT: "65536" })).toThrow(/OPS_PORT/);
  });
});

describe("loadConfig: the console", () => {
  it("is served with no login but OIDC's by default; the dev login only in development with the HS256 key", () => {
    expect(loadConfig(BASE).console).toEqual({ devLogin: null, oidc: null });
    expect(() => loadConfig({ ...BASE, SUPPORT_DEV_LOGIN: "on" })).toThrow(/SUPPORT_DEV_LOGIN/);
    const dev = loadConfig({ ...BASE, SUPPORT_DEV_LOGIN: "on", SUPPORT_API_MODE: "development" });
    expect(dev.console?.devLogin).toEqual({ ttlSeconds: 1800 });
    expect(loadConfig({ ...BASE, SUPPORT_CONSOLE: "off" }).console).toBeNull();
  });
  it("takes the OIDC issuer and client id together", () => {
    const issuer = "https://idp.example.test/realms/support";
    expect(() => loadConfig({ ...BASE, SUPPORT_CONSOLE_OIDC_ISSUER: issuer })).toThrow(
      /SUPPORT_CONSOLE_OIDC_CLIENT_ID/,
    );
    const c = loadConfig({
      ...BASE,
      SUPPORT_CONSOLE_OIDC_ISSUER: issuer,
      SUPPORT_CONSOLE_OIDC_CLIENT_ID: "console",
    });
    expect(c.console?.oidc).toEqual({
      issuer,
      clientId: "console",
      scope: "openid profile email",
      token: "access_token",
      roleClaim: "roles",
    });
  });
});
