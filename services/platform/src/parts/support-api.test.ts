import { SUPPORT_API_DEFAULTS } from "@factorlens/support-api";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { DEV_ISSUER, supportApiConfig } from "./support-api";
import { TEST_CREDENTIALS as creds, TEST_DATABASE_URL as DB } from "./test-credentials";

const verifier = { url: "http://127.0.0.1:8080", devApiKey: creds.verifierApiKey };
const of = (env: Record<string, string>) => supportApiConfig(loadConfig(env), creds, DB, verifier);
const key = { SUPPORT_JWT_SECRET: "operator-secret-operator-secret-0123" };
const oidc = {
  SUPPORT_OIDC_ISSUER: "https://idp.example.test",
  SUPPORT_OIDC_AUDIENCE: "factorlens",
  SUPPORT_OIDC_JWKS_URL: "https://idp.example.test/keys",
};

describe("supportApiConfig: the support API's typed config in the platform", () => {
  it("runs in development mode with the console's dev login on the dev key, the platform's port and verifier", () => {
    const { config, devJwtSecret } = of({});
    expect(config).toMatchObject({
      mode: "development",
      port: 4000,
      host: "127.0.0.1",
      databaseUrl: DB,
      ops: null,
    });
    expect(config.lookups).toEqual(SUPPORT_API_DEFAULTS.lookups);
    expect(config.auth.jwt).toMatchObject({
      kind: "secret",
      issuer: DEV_ISSUER,
      audience: "factorlens-support",
    });
    expect(devJwtSecret).toEqual(new TextEncoder().encode(creds.jwtSecretBase64));
    expect(config.console?.devLogin).not.toBeNull();
    expect(config.verifier).toMatchObject({ url: verifier.url, apiKey: creds.verifierApiKey });
    expect(config.pseudonymKey.byteLength).toBe(32);
  });

  it("is production once the operator brings a key or an IdP: no dev key is accepted, no dev login", () => {
    for (const env of [key, oidc]) {
      const { config, devJwtSecret } = of(env);
      expect(config.mode).toBe("production");
      expect(devJwtSecret).toBeNull();
      expect(config.console?.devLogin).toBeNull();
      if (env === key) expect(config.auth.jwt).toMatchObject({ kind: "secret", issuer: DEV_ISSUER });
      else expect(config.auth.jwt).toBeNull();
    }
  });

  it("keeps an explicit SUPPORT_API_MODE (then no dev login), and refuses a dev login asked for outside development", () => {
    const prod = of({ SUPPORT_API_MODE: "production" });
    expect(prod.config.mode).toBe("production");
    expect(prod.config.console?.devLogin).toBeNull();
    expect(() => of({ ...key, SUPPORT_DEV_LOGIN: "on" })).toThrow(/SUPPORT_DEV_LOGIN=on needs/);
    expect(() => of({ SUPPORT_API_MODE: "production", SUPPORT_DEV_LOGIN: "on" })).toThrow(
      /SUPPORT_DEV_LOGIN=on needs/,
    );
  });
});
