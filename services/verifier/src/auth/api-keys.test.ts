import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { createApiKeyAuthenticator, extractApiKey } from "./api-keys";

const config = loadConfig({
  FACTORLENS_MASTER_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
  FACTORLENS_API_KEYS: "login:verify:login-key-0123456789abc,admin:admin+enroll:admin-key-0123456789abc",
});
const auth = createApiKeyAuthenticator(config.apiKeys);

describe("API key authentication", () => {
  it("401 for a missing or unknown key, 403 for a wrong scope, the caller otherwise", () => {
    expect(auth.authenticate(undefined, ["verify"])).toEqual({ ok: false, status: 401 });
    expect(auth.authenticate("login-key-0123456789abX", ["verify"])).toEqual({ ok: false, status: 401 });
    expect(auth.authenticate("login-key-0123456789abc", ["enroll"])).toEqual({ ok: false, status: 403 });
    const ok = auth.authenticate("admin-key-0123456789abc", ["enroll", "verify"]);
    expect(ok.ok && ok.caller.name).toBe("admin");
  });

  it("reads Bearer and x-api-key headers", () => {
    expect(extractApiKey({ authorization: "Bearer abc" })).toBe("abc");
    expect(extractApiKey({ "x-api-key": "xyz" })).toBe("xyz");
    expect(extractApiKey({ authorization: "Basic abc" })).toBeUndefined();
  });
});
