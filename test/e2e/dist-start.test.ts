/**
 * The built artefact: `pnpm --filter @factorlens/platform build` bundles the platform into
 * `dist/`, and `node services/platform/dist/main.js` (no tsx, no TypeScript) starts it on a fresh
 * data dir. Every file the bundle looks up at run time is exercised: the embedded PostgreSQL's
 * binaries, the event-store and read-model migrations, the mmdb country data (the verify carries an
 * IP the projector places), the console's built assets. Ctrl-C (SIGINT) stops it cleanly.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectCleanStop,
  freePort,
  type PlatformProcess,
  REPO_ROOT,
  startPlatformProcess,
} from "./platform-process";
import {
  enrollConfirmedTotp,
  graphql,
  pollUntil,
  USER_QUERY,
  type UserView,
  verifierCall,
} from "./support-client";

const MAIN = join(REPO_ROOT, "services/platform/dist/main.js");
const dataDir = mkdtempSync(join(tmpdir(), "factorlens-dist-"));
chmodSync(dataDir, 0o711); // as root, PostgreSQL runs as `postgres`, which must traverse it
let running: PlatformProcess | null = null;

beforeAll(() => {
  // The bundle of the current source (esbuild: well under a second), not whatever dist/ holds.
  execFileSync("pnpm", ["--silent", "--filter", "@factorlens/platform", "build"], {
    cwd: REPO_ROOT,
    stdio: "pipe",
  });
}, 120_000);

afterAll(async () => {
  await running?.stop("SIGKILL").catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("node services/platform/dist/main.js", () => {
  it("is plain JavaScript that imports no TypeScript and no tsx", () => {
    expect(existsSync(MAIN)).toBe(true);
    const js = readFileSync(MAIN, "utf8");
    expect(js).not.toMatch(/from ["'](?:tsx|@factorlens\/)[^"']*["']/);
    expect(js).not.toMatch(/from ["'][^"']+\.ts["']/);
  });

  it("starts, enrolls and verifies over HTTP, is ready, serves the console and stops on SIGINT", async () => {
    const opsPort = await freePort();
    running = startPlatformProcess({
      command: ["node", MAIN],
      env: {
        FACTORLENS_PLATFORM_DATA_DIR: dataDir,
        FACTORLENS_PLATFORM_PG_PORT: String(await freePort()),
        FACTORLENS_VERIFIER_PORT: String(await freePort()),
        FACTORLENS_SUPPORT_PORT: String(await freePort()),
        FACTORLENS_OPS_PORT: String(opsPort),
      },
    });
    const banner = await running.waitForReady();
    const userId = `dist-${Date.now().toString(36)}`;

    const enrolled = await enrollConfirmedTotp(banner, userId);
    const verified = await verifierCall<{ accepted: boolean }>(
      banner.verifierUrl,
      banner.apiKey,
      "POST",
      "/v1/verify",
      {
        userId,
        code: enrolled.code(1),
        context: { ip: "81.2.69.142", userAgent: "dist-e2e" },
      },
    );
    expect(verified.json).toMatchObject({ accepted: true });

    // The projector (migrations, geo data) brought the attempt into the read models.
    const user = await pollUntil(
      "the verification in the support API",
      async () => {
        const data = await graphql<UserView>(banner.graphqlUrl, banner.adminToken, USER_QUERY, {
          id: userId,
        });
        // Each field is its own read: one answer can show a batch's attempt next to the factor as
        // it was before that batch (the confirmation and the verification often land in one batch).
        return data.user.__typename === "User" &&
          data.user.timeline.edges.some((e) => e.node.outcome === "passed") &&
          data.user.factors.some((f) => f.status === "active")
          ? data.user
          : undefined;
      },
      30_000,
    );
    expect(user.factors).toEqual([expect.objectContaining({ method: "totp", status: "active" })]);

    const ready = await fetch(`http://127.0.0.1:${opsPort}/readyz`);
    expect(ready.status).toBe(200);
    const consolePage = await fetch(new URL("/console/", banner.graphqlUrl));
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toMatch(/<div id="root"|<script/);

    expect(expectCleanStop(await running.stop("SIGINT"), running.output()), running.output()).toEqual([]);
    running = null;
  });
});
