import { VERIFIER_DEFAULTS } from "@factorlens/verifier";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { TEST_CREDENTIALS as creds, TEST_DATABASE_URL as DB } from "./test-credentials";
import { verifierConfig } from "./verifier";

describe("verifierConfig: the verifier's typed config in the platform", () => {
  it("takes the verifier's own defaults, the dev keys and the platform's port, host and database when the operator set nothing", () => {
    const { config, devApiKey } = verifierConfig(loadConfig({}), creds, DB, null);
    expect(config).toMatchObject({
      ...VERIFIER_DEFAULTS,
      port: 8080,
      host: "127.0.0.1",
      databaseUrl: DB,
      logLevel: "warn", // the platform's
    });
    expect(config.apiKeys.map((k) => [k.name, [...k.scopes]])).toEqual([
      ["dev", ["verify", "enroll", "admin"]],
    ]);
    expect(config.masterKeys).toEqual([{ id: "dev1", key: Buffer.alloc(32, 7) }]);
    expect(config.activeKeyId).toBe("dev1");
    expect(config.sms.provider).toBe("console");
    expect(config.logLevel).toBe("warn");
    expect(devApiKey).toBe(creds.verifierApiKey);
  });

  it("keeps operator keys (no dev key) outside the demo, and routes demo SMS to the carrier", () => {
    const operator = {
      FACTORLENS_API_KEYS: "login:verify:0123456789abcdef0123",
      FACTORLENS_VERIFIER_PORT: "9000",
      FACTORLENS_VERIFIER_LOG_LEVEL: "error",
      FACTORLENS_RATE_LIMIT_PER_USER: "7",
    };
    const plain = verifierConfig(loadConfig(operator), creds, DB, null);
    expect(plain.config.apiKeys.map((k) => k.name)).toEqual(["login"]);
    expect(plain.config.port).toBe(9000);
    expect(plain.config.logLevel).toBe("error");
    expect(plain.config.rateLimit.perUser).toBe(7);
    expect(plain.config.rateLimit.perIp).toBe(VERIFIER_DEFAULTS.rateLimit.perIp);
    expect(plain.devApiKey).toBeNull();
    const demo = verifierConfig(loadConfig(operator, ["--demo"]), creds, DB, "http://127.0.0.1:5/m");
    // the demo's account page holds an enroll-only key: its users disable 2FA as themselves
    expect(demo.config.apiKeys.map((k) => [k.name, [...k.scopes]])).toEqual([
      ["login", ["verify"]],
      ["dev", ["verify", "enroll", "admin"]],
      ["demo-account", ["enroll"]],
    ]);
    expect(demo.config.policy.freshVerificationMinutes).toBe(1);
    expect(plain.config.policy.freshVerificationMinutes).toBe(5);
    expect(demo.devApiKey).toBe(creds.verifierApiKey);
    expect(demo.config.sms).toMatchObject({
      provider: "http",
      httpUrl: "http://127.0.0.1:5/m",
      codeTtlSeconds: 30,
    });
    expect(demo.config.rateLimit.perIp).toBe(10_000_000);
    // the SMS guard and the IP throttle: on in the demo, off in a deployment
    expect(demo.config.smsGuard).toMatchObject({ burstSends: 16, allow: ["GB", "FR", "DE", "US", "IN"] });
    expect(demo.config.ipThrottle).toMatchObject({ users: 5 });
    expect(plain.config.smsGuard).toBeNull();
    expect(plain.config.ipThrottle).toBeNull();
  });

  it("lets the operator's own demo settings win over the demo's defaults", () => {
    const env = { FACTORLENS_SMS_CODE_TTL_SECONDS: "90", FACTORLENS_RATE_LIMIT_PER_IP: "1000" };
    const demo = verifierConfig(loadConfig(env, ["--demo"]), creds, DB, "http://127.0.0.1:5/m");
    expect(demo.config.sms.codeTtlSeconds).toBe(90);
    expect(demo.config.rateLimit.perIp).toBe(1000);
  });

  it("refuses a bad verifier setting of the operator's as a platform config error naming it", () => {
    expect(() =>
      verifierConfig(loadConfig({ FACTORLENS_RATE_LIMIT_PER_IP: "lots" }), creds, DB, null),
    ).toThrow(/FACTORLENS_RATE_LIMIT_PER_IP/);
  });
});
