import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import type { DevCredentials } from "../dev-credentials";
import { verifierEnv } from "./verifier-env";

const creds: DevCredentials = {
  version: 1,
  verifierApiKey: "fl_dev_abcdefghijklmnopqrstuvwxyz012345",
  masterKeyId: "dev1",
  masterKeyBase64: Buffer.alloc(32, 7).toString("base64"),
  jwtSecretBase64: Buffer.alloc(32, 8).toString("base64"),
  postgresPassword: "pw-pw-pw-pw-pw-pw-pw",
};

describe("verifierEnv", () => {
  it("fills the dev keys and the platform's port when the operator set nothing", () => {
    const { env, devApiKey } = verifierEnv(loadConfig({}), creds, "postgres://x@127.0.0.1:1/db", null);
    expect(env.PORT).toBe("8080");
    expect(env.HOST).toBe("127.0.0.1");
    expect(env.FACTORLENS_API_KEYS).toBe(`dev:verify+enroll+admin:${creds.verifierApiKey}`);
    expect(env.FACTORLENS_MASTER_KEYS).toBe(`dev1:${creds.masterKeyBase64}`);
    expect(env.FACTORLENS_SMS_PROVIDER).toBeUndefined();
    expect(devApiKey).toBe(creds.verifierApiKey);
  });

  it("keeps operator keys (no dev key) outside the demo, and routes demo SMS to the carrier", () => {
    const operator = {
      FACTORLENS_API_KEYS: "login:verify:0123456789abcdef0123",
      FACTORLENS_VERIFIER_PORT: "9000",
    };
    const plain = verifierEnv(loadConfig(operator), creds, "postgres://x@h/db", null);
    expect(plain.env.FACTORLENS_API_KEYS).toBe(operator.FACTORLENS_API_KEYS);
    expect(plain.env.PORT).toBe("9000");
    expect(plain.devApiKey).toBeNull();
    const demo = verifierEnv(
      loadConfig(operator, ["--demo"]),
      creds,
      "postgres://x@h/db",
      "http://127.0.0.1:5/m",
    );
    expect(demo.env.FACTORLENS_API_KEYS).toContain(creds.verifierApiKey);
    expect(demo.env.FACTORLENS_SMS_HTTP_URL).toBe("http://127.0.0.1:5/m");
    expect(demo.env.FACTORLENS_SMS_CODE_TTL_SECONDS).toBe("30");
    // the SMS guard and the IP throttle: on in the demo, off (unset) in a deployment
    expect(demo.env.FACTORLENS_SMS_GUARD_ENABLED).toBe("true");
    expect(demo.env.FACTORLENS_IP_THROTTLE_ENABLED).toBe("true");
    expect(plain.env.FACTORLENS_SMS_GUARD_ENABLED).toBeUndefined();
    expect(plain.env.FACTORLENS_IP_THROTTLE_ENABLED).toBeUndefined();
  });
});
