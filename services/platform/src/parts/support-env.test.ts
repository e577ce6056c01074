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
