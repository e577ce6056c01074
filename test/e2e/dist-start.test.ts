/**
 * The built artefact: `pnpm --filter @factorlens/platform build` bundles the platform into
 * `dist/`, and `node services/platform/dist/main.js` (no tsx, no TypeScript) starts it on a fresh
 * data dir. Every file the bundle looks up at run time is exercised: the embedded PostgreSQL's
 * binaries, the event-store and read-model migrations, the mmdb country data (the verify carries an
 * IP the projector places), the console's built assets. Ctrl-C (SIGINT) stops it cleanly.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectCleanStop, freePort, REPO_ROOT, scratchPlatform } from "./platform-process";
import { enrollConfirmedTotp, pollActiveUser, verifyLogin } from "./support-client";

const MAIN = join(REPO_ROOT, "services/platform/dist/main.js");
const platforms = scratchPlatform("dist");

beforeAll(() => {
  // The bundle of the current source (esbuild: well under a second), not whatever dist/ holds.
  execFileSync("pnpm", ["--silent", "--filter", "@factorlens/platform", "build"], {
    cwd: REPO_ROOT,
    stdio: "pipe",
  });
}, 120_000);

describe("node services/platform/dist/main.js", () => {
  it("is plain JavaScript that imports no TypeScript and no tsx", () => {
    expect(existsSync(MAIN)).toBe(true);
    const js = readFileSync(MAIN, "utf8");
    expect(js).not.toMatch(/from ["'](?:tsx|@factorlens\/)[^"']*["']/);
    expect(js).not.toMatch(/from ["'][^"']+\.ts["']/);
  });

  it("starts, enrolls and verifies over HTTP, is ready, serves the console and stops on SIGINT", async () => {
    const opsPort = await freePort();
    const running = await platforms.start({
      command: ["node", MAIN],
      env: { FACTORLENS_OPS_PORT: String(opsPort) },
    });
    const banner = await running.waitForReady();
    const userId = `dist-${Date.now().toString(36)}`;

    const enrolled = await enrollConfirmedTotp(banner, userId);
    const verified = await verifyLogin(banner, userId, enrolled.code(1), "dist-e2e");
    expect(verified.json).toMatchObject({ accepted: true });

    // The projector (migrations, geo data) brought the attempt into the read models.
    const user = await pollActiveUser(banner, userId, "the verification in the support API", (u) =>
      u.timeline.edges.some((e) => e.node.outcome === "passed"),
    );
    expect(user.factors).toEqual([expect.objectContaining({ method: "totp", status: "active" })]);

    const ready = await fetch(`http://127.0.0.1:${opsPort}/readyz`);
    expect(ready.status).toBe(200);
    const consolePage = await fetch(new URL("/console/", banner.graphqlUrl));
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toMatch(/<div id="root"|<script/);

    expect(expectCleanStop(await running.stop("SIGINT"), running.output()), running.output()).toEqual([]);
  });
});
