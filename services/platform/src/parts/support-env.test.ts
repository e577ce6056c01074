import { loadConfig as loadSupportConfig } from "@factorlens/support-api";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import type { DevCredentials } from "../dev-credentials";
import { supportEnv } from "./support-env";

const creds = { jwtSecretBase64: Buffer.alloc(32, 8).toString("base64") } as DevCredentials;
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
