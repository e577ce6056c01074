import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

const key = randomBytes(32).toString("base64");
const valid = {
  FACTORLENS_MASTER_KEYS: `k1:${key}`,
  FACTORLENS_API_KEYS: "login:verify:login-secret-0123456789,acct:enroll+verify:acct-secret-0123456789",
};

describe("loadConfig", () => {
  it("applies defaults and keeps only hashes of API keys", () => {
    const c = loadConfig(valid);
    expect(c.host).toBe("127.0.0.1");
    expect(c.port).toBe(8080);
    expect(c.activeKeyId).toBe("k1");
    expect(c.apiKeys.map((k) => [k.name, [...k.scopes]])).toEqual([
      ["login", ["verify"]],
      ["acct", ["enroll", "verify"]],
    ]);
    expect(JSON.stringify(c)).not.toContain("login-secret-0123456789");
  });

  it("lists one message per missing or invalid setting, without echoing secrets", () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: "99999",
        FACTORLENS_API_KEYS: "bad:root:super-secret-value-123",
        FACTORLENS_SMS_PROVIDER: "x",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.some((p) => p.startsWith("PORT:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("FACTORLENS_MASTER_KEYS:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("FACTORLENS_API_KEYS:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("FACTORLENS_SMS_PROVIDER:"))).toBe(true);
    expect((error as Error).message).not.toContain("super-secret-value-123");
  });

  it("rejects a master key of the wrong length and an unknown active key id", () => {
    expect(() => loadConfig({ ...valid, FACTORLENS_MASTER_KEYS: "k1:c2hvcnQ=" })).toThrow(
      /FACTORLENS_MASTER_KEYS/,
    );
    expect(() => loadConfig({ ...valid, FACTORLENS_ACTIVE_KEY_ID: "k9" })).toThrow(
      /FACTORLENS_ACTIVE_KEY_ID/,
    );
  });

  it("takes the guessing policy from the environment, never above the NIST limit of 100", () => {
    expect(loadConfig(valid).policy).toMatchObject({
      maxConsecutiveFailures: 5,
      lockoutBackoffMinutes: [1, 5, 15, 60, 240],
      maxFailuresWithoutSuccess: 100,
      factorGuessBudget: 100,
      factorBudgetDays: 30,
    });
    const c = loadConfig({
      ...valid,
      FACTORLENS_LOCKOUT_AFTER_FAILURES: "3",
      FACTORLENS_LOCKOUT_BACKOFF_MINUTES: "2,10",
      FACTORLENS_MAX_FAILURES_WITHOUT_SUCCESS: "50",
      FACTORLENS_FACTOR_GUESS_BUDGET: "40",
      FACTORLENS_FACTOR_BUDGET_DAYS: "7",
    });
    expect(c.policy).toMatchObject({
      maxConsecutiveFailures: 3,
      lockoutBackoffMinutes: [2, 10],
      maxFailuresWithoutSuccess: 50,
      factorGuessBudget: 40,
      factorBudgetDays: 7,
    });
    const bad = (() => {
      try {
        loadConfig({
          ...valid,
          FACTORLENS_MAX_FAILURES_WITHOUT_SUCCESS: "101",
          FACTORLENS_LOCKOUT_BACKOFF_MINUTES: "1,,5",
        });
      } catch (e) {
        return (e as ConfigError).problems;
      }
    })();
    expect(bad).toHaveLength(2);
    expect(bad?.join("\n")).toMatch(/FACTORLENS_MAX_FAILURES_WITHOUT_SUCCESS/);
    expect(bad?.join("\n")).toMatch(/FACTORLENS_LOCKOUT_BACKOFF_MINUTES/);
  });

  it("requires a URL for the http SMS provider", () => {
    expect(() => loadConfig({ ...valid, FACTORLENS_SMS_PROVIDER: "http" })).toThrow(
      /FACTORLENS_SMS_HTTP_URL/,
    );
  });

  it("keeps the SMS guard and the IP throttle off unless enabled, with their defaults when on", () => {
    const off = loadConfig(valid);
    expect(off.smsGuard).toBeNull();
    expect(off.ipThrottle).toBeNull();
    const on = loadConfig({
      ...valid,
      FACTORLENS_SMS_GUARD_ENABLED: "true",
      FACTORLENS_SMS_GUARD_ALLOW: "GB, +1,+23230",
      FACTORLENS_IP_THROTTLE_ENABLED: "1",
    });
    expect(on.smsGuard).toEqual({
      burstSends: 30,
      windowMinutes: 15,
      minConversion: 0.2,
      graceSeconds: 180,
      coolDownMinutes: 60,
      allow: ["GB", "+1", "+23230"],
    });
    expect(on.ipThrottle).toEqual({
      users: 20,
      windowMinutes: 10,
      coolDownMinutes: 30,
      ipv4PrefixBits: 24,
      ipv6PrefixBits: 64,
    });
  });

  it("names each bad guard setting on its own line", () => {
    let error: unknown;
    try {
      loadConfig({
        ...valid,
        FACTORLENS_SMS_GUARD_ENABLED: "yes",
        FACTORLENS_SMS_GUARD_MIN_CONVERSION: "1.5",
        FACTORLENS_SMS_GUARD_ALLOW: "Sierra Leone",
        FACTORLENS_IP_THROTTLE_IPV4_PREFIX: "40",
        PORT: "x",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const fields = (error as ConfigError).problems.map((p) => p.split(":")[0]);
    expect(fields.sort()).toEqual([
      "FACTORLENS_IP_THROTTLE_IPV4_PREFIX",
      "FACTORLENS_SMS_GUARD_ALLOW",
      "FACTORLENS_SMS_GUARD_ENABLED",
      "FACTORLENS_SMS_GUARD_MIN_CONVERSION",
      "PORT",
    ]);
  });
});
