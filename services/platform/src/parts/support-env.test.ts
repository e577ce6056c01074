import { loadConfig as loadSupportConfig } from "@factorlens/support-api";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import type { DevCredentials } from "../dev-credentials";
import { supportEnv } from "./support-env";

const creds: DevCredentials = {
  version: 1,
  verifierApiKey: "fl_dev_abcdefghijklmnopqrstuvwxyz012345",
  masterKeyId: "dev1",
  masterKeyBase64: Buffer.alloc(32, 7).toString("base64"),
  jwtSecretBase64: Buffer.alloc(32, 8).toString("base64"),
  postgresPassword: "pw-pw-pw-pw-pw-pw-pw",
};
const url = "postgres://x@127.0.0.1:1/db";

describe("supportEnv: the console's dev login", () => {
  it("is on with the generated dev key", () => {
    expect(supportEnv(loadConfig({}), creds, url).env.SUPPORT_DEV_LOGIN).toBe("on");
  });
  it("is off, whatever is asked, once the operator gives a key or production mode", () => {
    const secret = { SUPPORT_JWT_SECRET: "o".repeat(40), SUPPORT_DEV_LOGIN: "on" };
    expect(supportEnv(loadConfig(secret), creds, url).env.SUPPORT_DEV_LOGIN).toBe("off");
    const prod = { SUPPORT_API_MODE: "production", SUPPORT_DEV_LOGIN: "on" };
    expect(supportEnv(loadConfig(prod), creds, url).env.SUPPORT_DEV_LOGIN).toBe("off");
  });
});

const DB = "postgres://x@127.0.0.1:1/db";
const modeOf = (env: Record<string, string>) =>
  loadSupportConfig(supportEnv(loadConfig(env), creds, DB).env).mode;

describe("supportEnv: the support API's mode", () => {
  it("is development (GraphiQL, introspection, suggestions) only with the dev credentials", () => {
    expect(modeOf({})).toBe("development");
    expect(supportEnv(loadConfig({}), creds, DB).devJwtSecret).not.toBeNull();
  });

  it("is production once the operator brings a key or an IdP, and then no dev key is accepted", () => {
    const key = { SUPPORT_JWT_SECRET: "operator-secret-operator-secret-0123" };
    const oidc = {
      SUPPORT_OIDC_ISSUER: "https://idp.example.test",
      SUPPORT_OIDC_AUDIENCE: "factorlens",
      SUPPORT_OIDC_JWKS_URL: "https://idp.example.test/keys",
    };
    for (const env of [key, oidc]) {
      expect(modeOf(env)).toBe("production");
      const s = supportEnv(loadConfig(env), creds, DB);
      expect(s.devJwtSecret).toBeNull();
      expect(s.env.SUPPORT_JWT_SECRET).toBe(env === key ? key.SUPPORT_JWT_SECRET : undefined);
    }
  });

  it("keeps an explicit SUPPORT_API_MODE", () => {
    expect(modeOf({ SUPPORT_API_MODE: "production" })).toBe("production");
  });
});
