import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  apiKeyEntry,
  ConfigError,
  IP_THROTTLE_DEFAULTS,
  loadConfig,
  SMS_GUARD_DEFAULTS,
  VERIFIER_DEFAULTS,
} from "./config";

const key = randomBytes(32).toString("base64");
const valid = {
  FACTORLENS_MASTER_KEYS: `k1:${key}`,
  FACTORLENS_API_KEYS: "login:verify:login-secret-0123456789,acct:enroll+verify:acct-secret-0123456789",
};

/** The ConfigError that loadConfig throws for env (fails the test if it throws none or another). */
function configError(env: Record<string, string>): ConfigError {
  let error: unknown;
  try {
    loadConfig(env);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

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
    const error = configError({
      PORT: "99999",
      FACTORLENS_API_KEYS: "bad:root:super-secret-value-123",
      FACTORLENS_SMS_PROVIDER: "x",
    });
    const problems = error.problems;
    expect(problems.some((p) => p.startsWith("PORT:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("FACTORLENS_MASTER_KEYS:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("FACTORLENS_API_KEYS:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("FACTORLENS_SMS_PROVIDER:"))).toBe(true);
    expect(error.message).not.toContain("super-secret-value-123");
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
    const bad = configError({
      ...valid,
      FACTORLENS_MAX_FAILURES_WITHOUT_SUCCESS: "101",
      FACTORLENS_LOCKOUT_BACKOFF_MINUTES: "1,,5",
    }).problems;
    expect(bad).toHaveLength(2);
    expect(bad.join("\n")).toMatch(/FACTORLENS_MAX_FAILURES_WITHOUT_SUCCESS/);
    expect(bad.join("\n")).toMatch(/FACTORLENS_LOCKOUT_BACKOFF_MINUTES/);
  });

  it("takes the fresh-verification window (default 5 minutes, 1..1440)", () => {
    expect(loadConfig(valid).policy.freshVerificationMinutes).toBe(5);
    expect(
      loadConfig({ ...valid, FACTORLENS_FRESH_VERIFICATION_MINUTES: "15" }).policy.freshVerificationMinutes,
    ).toBe(15);
    for (const bad of ["0", "1441", "five"]) {
      const problems = configError({ ...valid, FACTORLENS_FRESH_VERIFICATION_MINUTES: bad }).problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^FACTORLENS_FRESH_VERIFICATION_MINUTES: /);
    }
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

  it("lets a host's defaults turn the guards on (the demo), and the environment turn them off again", () => {
    const smsGuard = { ...SMS_GUARD_DEFAULTS, burstSends: 8 };
    const defaults = { ...VERIFIER_DEFAULTS, smsGuard, ipThrottle: IP_THROTTLE_DEFAULTS };
    expect(loadConfig(valid, defaults).smsGuard).toEqual(smsGuard);
    const off = loadConfig({ ...valid, FACTORLENS_SMS_GUARD_ENABLED: "false" }, defaults);
    expect(off.smsGuard).toBeNull();
    expect(off.ipThrottle).toEqual(IP_THROTTLE_DEFAULTS);
  });

  it("names each bad guard setting on its own line", () => {
    const error = configError({
      ...valid,
      FACTORLENS_SMS_GUARD_ENABLED: "yes",
      FACTORLENS_SMS_GUARD_MIN_CONVERSION: "1.5",
      FACTORLENS_SMS_GUARD_ALLOW: "Sierra Leone",
      FACTORLENS_IP_THROTTLE_IPV4_PREFIX: "40",
      PORT: "x",
    });
    const fields = error.problems.map((p) => p.split(":")[0]);
    expect(fields.sort()).toEqual([
      "FACTORLENS_IP_THROTTLE_IPV4_PREFIX",
      "FACTORLENS_SMS_GUARD_ALLOW",
      "FACTORLENS_SMS_GUARD_ENABLED",
      "FACTORLENS_SMS_GUARD_MIN_CONVERSION",
      "PORT",
    ]);
  });

  it("takes EVENTSTORE_CONNECTION_STRING (EventStoreDB holds the events) and refuses anything but esdb://", () => {
    expect(loadConfig(valid).eventStoreConnectionString).toBeUndefined();
    const esdb = "esdb://127.0.0.1:2113?tls=false";
    expect(loadConfig({ ...valid, EVENTSTORE_CONNECTION_STRING: esdb }).eventStoreConnectionString).toBe(
      esdb,
    );
    expect(() => loadConfig({ ...valid, EVENTSTORE_CONNECTION_STRING: "http://h:2113" })).toThrow(
      /EVENTSTORE_CONNECTION_STRING must be an esdb:\/\/ connection string/,
    );
  });

  it("defaults from VERIFIER_DEFAULTS; a host's defaults (keys, demo limits) count only where the environment is silent", () => {
    expect(loadConfig(valid)).toMatchObject(VERIFIER_DEFAULTS);
    const dev = apiKeyEntry("dev", ["verify", "enroll", "admin"], "dev-secret-0123456789abcdef");
    const masterKeys = [{ id: "dev1", key: Buffer.alloc(32, 7) }];
    const host = {
      ...VERIFIER_DEFAULTS,
      masterKeys,
      apiKeys: [dev],
      rateLimit: { ...VERIFIER_DEFAULTS.rateLimit, perIp: 9 },
    };
    const quiet = loadConfig({}, host);
    expect(quiet.apiKeys.map((k) => k.name)).toEqual(["dev"]);
    expect(quiet.activeKeyId).toBe("dev1");
    expect(quiet.rateLimit.perIp).toBe(9);
    const given = loadConfig({ ...valid, FACTORLENS_RATE_LIMIT_PER_IP: "11" }, host);
    expect(given.apiKeys.map((k) => k.name)).toEqual(["login", "acct"]);
    expect(given.activeKeyId).toBe("k1");
    expect(given.rateLimit.perIp).toBe(11);
  });
});
