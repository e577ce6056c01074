/**
 * The README's start command, end to end: `pnpm start` on a fresh data dir brings the platform up
 * on the embedded PostgreSQL; a user enrolls, verifies, fails once with a phone clock 2 minutes
 * ahead, and the support API names the clock skew. Ctrl-C exits 0; a second start resumes the data.
 */
import { join } from "node:path";
import { totpStep } from "@factorlens/domain";
import { describe, expect, it } from "vitest";
import { expectCleanStop, freePort, scratchPlatform } from "./platform-process";
import {
  enrollConfirmedTotp,
  graphql,
  pollActiveUser,
  USER_QUERY,
  type UserView,
  verifyLogin,
} from "./support-client";

const platforms = scratchPlatform("e2e");

describe("pnpm start (embedded platform)", () => {
  it("enrolls, verifies, diagnoses a 2-minute clock skew, stops on Ctrl-C and resumes its data", async () => {
    const first = await platforms.start();
    const banner = await first.waitForReady();
    const userId = `e2e-${Date.now().toString(36)}`;

    const enrolled = await enrollConfirmedTotp(banner, userId);
    expect(enrolled.otpauthUri).toMatch(/^otpauth:\/\/totp\//);

    const verify = (code: string) => verifyLogin(banner, userId, code, "e2e");
    // The next step's code (a phone a few seconds ahead, inside the window): not a replay of the confirmation.
    expect((await verify(enrolled.code(1))).json).toMatchObject({ accepted: true });
    // A phone clock 2 minutes ahead: 4 steps away, outside the window.
    const skewed = await verify(enrolled.code(totpStep(Date.now() + 120_000, 30) - enrolled.step));
    expect(skewed.json).toMatchObject({ accepted: false, reason: "invalid_code" });

    const diagnosed = await pollActiveUser(
      banner,
      userId,
      "clock skew diagnosis in the support API",
      (user) => user.diagnosis?.pattern === "clock_skew",
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
    const second = await platforms.start();
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
      const p = await platforms.start({
        env: {
          FACTORLENS_PLATFORM_DATA_DIR: join(platforms.dataDir, "taken"),
          FACTORLENS_PLATFORM_PG_PORT: String(await freePort()),
          FACTORLENS_VERIFIER_PORT: String(verifierPort),
          FACTORLENS_SUPPORT_PORT: String(await freePort()),
        },
      });
      expect(await p.exited).toBe(1);
      expect(p.output()).toMatch(new RegExp(`port 127.0.0.1:${verifierPort} is already in use`));
      expect(p.output()).toMatch(/stopped embedded PostgreSQL/);
    } finally {
      blocker.close();
    }
  });
});
