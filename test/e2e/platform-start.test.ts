/**
 * The README's start command, end to end: `pnpm start` on a fresh data dir brings the platform up
 * on the embedded PostgreSQL; a user enrolls, verifies, fails once with a phone clock 2 minutes
 * ahead, and the support API names the clock skew. Ctrl-C exits 0; a second start resumes the data.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { totpStep } from "@factorlens/domain";
import { afterAll, describe, expect, it } from "vitest";
import { expectCleanStop, freePort, type PlatformProcess, startPlatformProcess } from "./platform-process";
import {
  enrollConfirmedTotp,
  graphql,
  pollUntil,
  USER_QUERY,
  type UserView,
  verifierCall,
} from "./support-client";

const dataDir = mkdtempSync(join(tmpdir(), "factorlens-e2e-"));
chmodSync(dataDir, 0o711); // as root, PostgreSQL runs as `postgres`, which must traverse it
const running: PlatformProcess[] = [];

afterAll(async () => {
  for (const p of running) await p.stop("SIGKILL").catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(env: Record<string, string>) {
  const p = startPlatformProcess({ env: { FACTORLENS_PLATFORM_DATA_DIR: dataDir, ...env } });
  running.push(p);
  return p;
}

describe("pnpm start (embedded platform)", () => {
  it("enrolls, verifies, diagnoses a 2-minute clock skew, stops on Ctrl-C and resumes its data", async () => {
    const env = {
      FACTORLENS_PLATFORM_PG_PORT: String(await freePort()),
      FACTORLENS_VERIFIER_PORT: String(await freePort()),
      FACTORLENS_SUPPORT_PORT: String(await freePort()),
    };
    const first = await start(env);
    const banner = await first.waitForReady();
    const userId = `e2e-${Date.now().toString(36)}`;

    const enrolled = await enrollConfirmedTotp(banner, userId);
    expect(enrolled.otpauthUri).toMatch(/^otpauth:\/\/totp\//);

    const verify = (code: string) =>
      verifierCall<{ accepted: boolean; reason?: string }>(
        banner.verifierUrl,
        banner.apiKey,
        "POST",
        "/v1/verify",
        {
          userId,
          code,
          context: { ip: "81.2.69.142", userAgent: "e2e" },
        },
      );
    // The next step's code (a phone a few seconds ahead, inside the window): not a replay of the confirmation.
    expect((await verify(enrolled.code(1))).json).toMatchObject({ accepted: true });
    // A phone clock 2 minutes ahead: 4 steps away, outside the window.
    const skewed = await verify(enrolled.code(totpStep(Date.now() + 120_000, 30) - enrolled.step));
    expect(skewed.json).toMatchObject({ accepted: false, reason: "invalid_code" });

    const diagnosed = await pollUntil(
      "clock skew diagnosis in the support API",
      async () => {
        const data = await graphql<UserView>(banner.graphqlUrl, banner.adminToken, USER_QUERY, {
          id: userId,
        });
        // Each field is its own read: one answer can show a batch's diagnosis next to the factor as
        // it was before that batch (confirmation, verifications and diagnosis can land in one batch).
        return data.user.__typename === "User" &&
          data.user.diagnosis?.pattern === "clock_skew" &&
          data.user.factors.some((f) => f.status === "active")
          ? data.user
          : undefined;
      },
      30_000,
    );
    expect(diagnosed.factors).toEqual([expect.objectContaining({ method: "totp", status: "active" })]);
    const outcomes = diagnosed.timeline.edges.map((e) => e.node.outcome);
    expect(outcomes).toContain("passed");
    expect(diagnosed.timeline.edges.find((e) => e.node.outcome === "failed")?.node.diagnosis?.pattern).toBe(
      "clock_skew",
    );

    expect(expectCleanStop(await first.stop("SIGINT"), first.output()), first.output()).toEqual([]);
    expect(first.output()).toMatch(/stopped support API[\s\S]*stopped verifier[\s\S]*stopped projector/);

    // A second start on the same data dir: same dev key, same user, same diagnosis.
    const second = await start(env);
    const again = await second.waitForReady();
    expect(again.apiKey).toBe(banner.apiKey);
    expect(second.output()).not.toMatch(/generated development credentials/);
    const data = await graphql<UserView>(again.graphqlUrl, again.adminToken, USER_QUERY, { id: userId });
    expect(data.user.__typename === "User" && data.user.diagnosis?.pattern).toBe("clock_skew");
    // SIGTERM (a process manager): the platform stops just as cleanly.
    expect(expectCleanStop(await second.stop("SIGTERM"), second.output()), second.output()).toEqual([]);
  });

  it("exits non-zero, and stops the database it started, when a port is taken", async () => {
    const blocker = (await import("node:net")).createServer();
    const verifierPort = await freePort();
    await new Promise<void>((r) => blocker.listen(verifierPort, "127.0.0.1", () => r()));
    try {
      const p = await start({
        FACTORLENS_PLATFORM_DATA_DIR: join(dataDir, "taken"),
        FACTORLENS_PLATFORM_PG_PORT: String(await freePort()),
        FACTORLENS_VERIFIER_PORT: String(verifierPort),
        FACTORLENS_SUPPORT_PORT: String(await freePort()),
      });
      expect(await p.exited).toBe(1);
      expect(p.output()).toMatch(new RegExp(`port 127.0.0.1:${verifierPort} is already in use`));
      expect(p.output()).toMatch(/stopped embedded PostgreSQL/);
    } finally {
      blocker.close();
    }
  });
});
