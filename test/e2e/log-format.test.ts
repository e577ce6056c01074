/**
 * One log shape on one stdout: the platform (stdout a pipe, as in a container) is started, enrolls
 * and verifies a user and answers a support query, and is stopped; every line it printed on stdout
 * and stderr is a pino JSON line with the same keys (`time` ISO 8601, `level` a label, `service` a
 * part, `msg`), the verifier's request lines carry `reqId`, and no line holds a code, the secret or
 * the dev API key.
 */
import { describe, expect, it } from "vitest";
import { expectCleanStop, parseLine, scratchPlatform } from "./platform-process";
import { enrollConfirmedTotp, graphql, USER_QUERY, type UserView, verifierCall } from "./support-client";

const SERVICES = ["platform", "verifier", "projector", "support-api", "relay", "ingest"];
const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"];
const platforms = scratchPlatform("logs");

describe("log format", () => {
  it("every line of a run is the one JSON shape; request lines carry reqId; no code or secret", async () => {
    const platform = await platforms.start({
      // the platform's own start (not the root script, whose pnpm prints its `> start` header)
      command: ["pnpm", "--silent", "--filter", "@factorlens/platform", "start"],
      env: { LOG_LEVEL: "info" },
    });
    const banner = await platform.waitForReady();
    const userId = `logs-${Date.now().toString(36)}`;
    const call = <T>(method: string, path: string, body?: unknown) =>
      verifierCall<T>(banner.verifierUrl, banner.apiKey, method, path, body);

    const enrolled = await enrollConfirmedTotp(banner, userId);
    const codes = [enrolled.code(0), enrolled.code(1)];
    const wrong = [-10, -11].map((offset) => enrolled.code(offset)).find((c) => !codes.includes(c));
    codes.push(wrong ?? "");
    const verify = (code: string) => call<{ accepted: boolean }>("POST", "/v1/verify", { userId, code });
    expect((await verify(codes[1] ?? "")).json.accepted).toBe(true);
    expect((await verify(codes[2] ?? "")).json.accepted).toBe(false);
    const data = await graphql<UserView>(banner.graphqlUrl, banner.adminToken, USER_QUERY, { id: userId });
    expect(data.user.__typename).toBe("User");

    expect(expectCleanStop(await platform.stop("SIGINT"), platform.output()), platform.output()).toEqual([]);

    const lines = platform.lines();
    expect(lines.length).toBeGreaterThan(10);
    const bad: string[] = [];
    const parsed = lines.map((line) => {
      const l = parseLine(line);
      const ok =
        l !== null &&
        typeof l.time === "string" &&
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(l.time) &&
        LEVELS.includes(String(l.level)) &&
        SERVICES.includes(String(l.service)) &&
        typeof l.msg === "string";
      if (!ok) bad.push(line);
      return l ?? {};
    });
    expect(bad, "lines not in the one JSON shape").toEqual([]);

    const requestLines = parsed.filter(
      (l) => l.service === "verifier" && (l.msg === "incoming request" || l.msg === "request completed"),
    );
    expect(requestLines.length).toBeGreaterThanOrEqual(8); // 4 calls, 2 lines each
    for (const l of requestLines) expect(l.reqId, JSON.stringify(l)).toEqual(expect.any(String));
    const completed = requestLines.filter((l) => l.msg === "request completed" && l.userId === userId);
    expect(completed.map((l) => l.outcome)).toEqual([undefined, "confirmed", "accepted", "rejected"]);

    const seen = new Set(parsed.map((l) => String(l.service)));
    for (const s of ["platform", "verifier"]) expect(seen, `no ${s} line`).toContain(s);
    const all = lines.join("\n");
    for (const secret of [...codes, enrolled.secret]) expect(all).not.toContain(secret);
    // nor the generated dev API key (the ready line names the credentials' file instead)
    expect(all).not.toContain(banner.apiKey);
  });
});
