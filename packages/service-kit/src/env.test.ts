import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  booleanSetting,
  bulletList,
  databaseUrlSetting,
  intSetting,
  logLevelSetting,
  parseEnv,
  sqlIdentifierSetting,
} from "./env";

class ConfigError extends Error {}

const schema = z
  .object({
    DATABASE_URL: databaseUrlSetting,
    SCHEMA: sqlIdentifierSetting("SCHEMA").default("app"),
    LOG_LEVEL: logLevelSetting,
    TOKEN: z.string().min(8, "TOKEN must be at least 8 characters").optional(),
  })
  .refine((c) => c.SCHEMA !== "public", { message: "SCHEMA must not be public" });

const fail = (problems: readonly string[]) => new ConfigError(`bad config:\n${bulletList(problems)}`);

describe("parseEnv", () => {
  it("returns the parsed settings with their defaults", () => {
    expect(parseEnv(schema, { DATABASE_URL: "postgresql://u@h/db" }, fail)).toEqual({
      DATABASE_URL: "postgresql://u@h/db",
      SCHEMA: "app",
      LOG_LEVEL: "info",
    });
  });

  it("throws the caller's error with one line per bad setting, naming settings, never values", () => {
    let error: unknown;
    try {
      parseEnv(schema, { SCHEMA: "Robert'); DROP", LOG_LEVEL: "loud", TOKEN: "s3cr" }, fail);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split("\n");
    expect(lines[0]).toBe("bad config:");
    expect(lines.slice(1)).toEqual([
      "- DATABASE_URL: DATABASE_URL is required (postgres://user@host:port/db)",
      "- SCHEMA: SCHEMA must be a lower-case SQL identifier",
      expect.stringMatching(/^- LOG_LEVEL: /),
      "- TOKEN: TOKEN must be at least 8 characters",
    ]);
    expect((error as Error).message).not.toContain("s3cr");
    expect((error as Error).message).not.toContain("Robert");
  });

  it("reports a rule across settings with an empty path", () => {
    expect(() => parseEnv(schema, { DATABASE_URL: "postgres://h/db", SCHEMA: "public" }, fail)).toThrow(
      /^bad config:\n- : SCHEMA must not be public$/,
    );
  });
});

describe("intSetting and booleanSetting", () => {
  const settings = z.object({ SIZE: intSetting("SIZE", 1, 100, 10), ON: booleanSetting("ON", false) });

  it("parse a number in range and true/false, with their defaults", () => {
    expect(parseEnv(settings, {}, fail)).toEqual({ SIZE: 10, ON: false });
    expect(parseEnv(settings, { SIZE: "100", ON: "true" }, fail)).toEqual({ SIZE: 100, ON: true });
  });

  it("name the setting and the rule it broke", () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseEnv(settings, env, (p) => new ConfigError(p.join("\n")));
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    };
    expect(problems({ SIZE: "0", ON: "yes" })).toBe("SIZE: SIZE must be ≥ 1\nON: ON must be true or false");
    expect(problems({ SIZE: "101" })).toBe("SIZE: SIZE must be ≤ 100");
    expect(problems({ SIZE: "1.5" })).toBe("SIZE: SIZE must be an integer");
    expect(problems({ SIZE: "many" })).toBe("SIZE: SIZE must be a number");
  });
});
