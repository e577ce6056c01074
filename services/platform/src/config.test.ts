import { describe, expect, it } from "vitest";
import { DEFAULT_DATA_DIR, flagsToEnv, loadConfig } from "./config";
import { isPlatformError } from "./errors";

describe("loadConfig", () => {
  it("defaults to the embedded database on loopback, no demo", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: "127.0.0.1",
      embeddedPgPort: 54330,
      verifierPort: 8080,
      supportPort: 4000,
      opsPort: 0,
      databaseUrl: undefined,
      demo: null,
      dataDir: DEFAULT_DATA_DIR,
    });
    expect(DEFAULT_DATA_DIR.endsWith("/.data/platform")).toBe(true);
  });

  it("turns the demo on by flag (after pnpm's `--`) or by FACTORLENS_DEMO=1", () => {
    expect(loadConfig({}, ["--", "--demo", "--demo-seconds", "15", "--demo-seed=7"]).demo).toEqual({
      seconds: 15,
      seed: 7,
      rate: 25,
    });
    expect(loadConfig({ FACTORLENS_DEMO: "1" }).demo?.seconds).toBe(60);
    expect(loadConfig({ FACTORLENS_DEMO: "0" }).demo).toBeNull();
  });

  it("splits KAFKA_BROKERS and rejects invalid settings with one line each", () => {
    expect(loadConfig({ KAFKA_BROKERS: "a:1, b:2" }).kafkaBrokers).toEqual(["a:1", "b:2"]);
    try {
      loadConfig({ FACTORLENS_VERIFIER_PORT: "x", DATABASE_URL: "nope" });
      expect.unreachable();
    } catch (e) {
      expect(isPlatformError(e) && e.code).toBe("invalid_config");
      expect(String(e)).toMatch(/FACTORLENS_VERIFIER_PORT/);
      expect(String(e)).toMatch(/DATABASE_URL/);
    }
  });

  it("rejects unknown arguments and flags without a value", () => {
    expect(() => flagsToEnv(["--dmeo"])).toThrow(/unknown argument/);
    expect(() => flagsToEnv(["--demo-seconds"])).toThrow(/needs a value/);
  });
});
