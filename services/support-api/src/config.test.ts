import { itTakesTheEventStoreSetting } from "@factorlens/testkit";
import { describe, expect, it } from "vitest";
import { loadConfig, SUPPORT_API_DEFAULTS } from "./config";

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

describe("loadConfig: tokens", () => {
  const OIDC = {
    SUPPORT_OIDC_ISSUER: "https://idp.example.test",
    SUPPORT_OIDC_AUDIENCE: "factorlens",
    SUPPORT_OIDC_JWKS_URL: "https://idp.example.test/keys",
  };
  it("bounds the token lifetime at 12 h with 30 s of skew unless configured", () => {
    expect(loadConfig(BASE).auth.tokens).toEqual({ maxLifetimeSeconds: 43_200, clockToleranceSeconds: 30 });
    expect(() => loadConfig({ ...BASE, SUPPORT_JWT_CLOCK_SKEW_SECONDS: "3600" })).toThrow(
      /SUPPORT_JWT_CLOCK_SKEW_SECONDS/,
    );
  });

  it("takes an IdP with a role map, alone or next to the static key", () => {
    const { SUPPORT_JWT_ISSUER: _i, SUPPORT_JWT_SECRET: _s, ...noKey } = BASE;
    const c = loadConfig({
      ...noKey,
      ...OIDC,
      SUPPORT_OIDC_ROLE_MAP: "helpdesk=support_agent,helpdesk=support_lead",
    });
    expect(c.auth.jwt).toBeNull();
    expect(c.auth.oidc?.roles).toEqual({
      claim: "groups",
      subjectClaim: "sub",
      map: { helpdesk: ["support_agent", "support_lead"] },
    });
    expect(loadConfig({ ...BASE, ...OIDC }).auth.jwt?.kind).toBe("secret");
  });

  it("says it is the support API's configuration, then one line per bad setting", () => {
    const message = (() => {
      try {
        loadConfig({ ...BASE, SUPPORT_API_PORT: "70000", OPS_PORT: "x", SUPPORT_LOOKUPS_PER_MINUTE: "0" });
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    const [head, ...lines] = message.split("\n");
    expect(head).toBe("support API configuration is invalid:");
    expect(lines.map((l) => l.split(":")[0])).toEqual([
      "- OPS_PORT",
      "- SUPPORT_API_PORT",
      "- SUPPORT_LOOKUPS_PER_MINUTE",
    ]);
  });

  it("names each bad setting on its own line of the message", () => {
    const { SUPPORT_JWT_ISSUER: _i, SUPPORT_JWT_SECRET: _s, ...noKey } = BASE;
    expect(() => loadConfig(noKey)).toThrow(/no token could be verified/);
    expect(() => loadConfig({ ...BASE, SUPPORT_OIDC_ISSUER: "https://idp" })).toThrow(
      /SUPPORT_OIDC_JWKS_URL/,
    );
    expect(() =>
      loadConfig({ ...BASE, ...OIDC, SUPPORT_OIDC_JWKS_URL: "http://idp.example.test/k" }),
    ).toThrow(/must be https/);
    expect(() => loadConfig({ ...BASE, ...OIDC, SUPPORT_OIDC_ROLE_MAP: "helpdesk=root" })).toThrow(
      /SUPPORT_OIDC_ROLE_MAP/,
    );
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

describe("loadConfig: the event store", () => {
  itTakesTheEventStoreSetting(loadConfig, BASE);
});

describe("loadConfig: a host's defaults", () => {
  const secret = new TextEncoder().encode("d".repeat(44));
  const host = {
    ...SUPPORT_API_DEFAULTS,
    mode: "development" as const,
    auth: { ...SUPPORT_API_DEFAULTS.auth, issuer: "host-issuer", secret },
    pseudonymKey: new Uint8Array(32).fill(3),
    devLogin: { ...SUPPORT_API_DEFAULTS.devLogin, on: true },
    verifier: { url: "http://127.0.0.1:8080", apiKey: "host-admin-key-0123456789" },
  };
  const DB = { DATABASE_URL: BASE.DATABASE_URL };

  it("fill what the environment leaves unset: the static key, pseudonym key, verifier and dev login", () => {
    const c = loadConfig(DB, host);
    expect(c.auth.jwt).toEqual({
      issuer: "host-issuer",
      audience: "factorlens-support",
      kind: "secret",
      secret,
    });
    expect(c.pseudonymKey).toEqual(host.pseudonymKey);
    expect(c.verifier).toEqual({ ...host.verifier, timeoutMs: 5000 });
    expect(c.mode).toBe("development");
    expect(c.console?.devLogin).toEqual({ ttlSeconds: 1800 });
  });

  it("never replace an issuer the environment names, and the dev login follows only the host's own key", () => {
    const oidc = {
      ...DB,
      SUPPORT_OIDC_ISSUER: "https://idp.example.test",
      SUPPORT_OIDC_AUDIENCE: "factorlens",
      SUPPORT_OIDC_JWKS_URL: "https://idp.example.test/keys",
    };
    const c = loadConfig(oidc, host);
    expect(c.auth.jwt).toBeNull();
    expect(c.console?.devLogin).toBeNull();
    const own = loadConfig({ ...DB, SUPPORT_JWT_SECRET: "o".repeat(40) }, host);
    expect(own.auth.jwt).toMatchObject({ kind: "secret", secret: new TextEncoder().encode("o".repeat(40)) });
    expect(loadConfig({ ...DB, SUPPORT_API_MODE: "production" }, host).console?.devLogin).toBeNull();
  });

  it("alone, still require a key, an issuer and a pseudonym key", () => {
    expect(() => loadConfig(DB)).toThrow(
      /SUPPORT_PSEUDONYM_KEY is required[\s\S]*no token could be verified/,
    );
  });
});
