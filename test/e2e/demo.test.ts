/**
 * `pnpm start -- --demo`, shortened: the simulator drives the real verifier over HTTP, and the
 * support API then names each injected cause in the per-user diagnosis of the users that showed it;
 * the fraud queries find the credential-stuffing IPs and the SMS pumping prefix.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXPECTED_DIAGNOSIS } from "@factorlens/platform";
import { afterAll, describe, expect, it } from "vitest";
import { expectCleanStop, freePort, type PlatformProcess, startPlatformProcess } from "./platform-process";
import { graphql, pollUntil, USER_QUERY, type UserView } from "./support-client";

const dataDir = mkdtempSync(join(tmpdir(), "factorlens-demo-"));
chmodSync(dataDir, 0o711); // as root, PostgreSQL runs as `postgres`, which must traverse it
let platform: PlatformProcess | undefined;

afterAll(async () => {
  await platform?.stop("SIGKILL").catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

interface Summary {
  causes: Record<
    string,
    { users: number; attempts: number; errors: number; examples: string[]; smsRefused?: number }
  >;
}

/** Every ticket pattern the demo injects, by cause (late SMS needs a run longer than 30 s). */
const DIAGNOSED = [
  "clock_drift",
  "wrong_timezone",
  "stale_secret",
  "digit_typo",
  "counter_mode",
  "replayed_code",
  "secret_typed_by_hand",
  "app_settings",
  "cant_enable",
  "token_pressed_ahead",
  "sms_carrier_failure",
  "earlier_sms",
];

/** What the agent reads first for the ticket patterns that are more than their name. */
const SUMMARY: Record<string, RegExp> = {
  cant_enable: /^The first code after scanning failed \d times: the phone's clock is about/,
  secret_typed_by_hand:
    /^The first code after scanning failed (once|2 times): the setup key was typed into the app by hand with two neighbouring characters swapped/,
  earlier_sms: /^The code came from an earlier SMS/,
  replayed_code: /./,
};

describe("pnpm start -- --demo", () => {
  it("leaves per-user diagnoses that name the injected causes", async () => {
    platform = startPlatformProcess({
      env: {
        FACTORLENS_PLATFORM_DATA_DIR: dataDir,
        FACTORLENS_PLATFORM_PG_PORT: String(await freePort()),
        FACTORLENS_VERIFIER_PORT: String(await freePort()),
        FACTORLENS_SUPPORT_PORT: String(await freePort()),
      },
      args: ["--demo", "--demo-seconds", "15", "--demo-seed", "7"],
    });
    const banner = await platform.waitForReady();
    // progress is printed while it runs (the first tick may read 6 s or 7 s on a loaded machine)
    await platform.waitForLine(/^demo: \d+s\/15s/, 20_000);
    const line = await platform.waitForLine(/^demo summary: /, 90_000);
    const summary = JSON.parse(line.replace(/^demo summary: /, "")) as Summary;
    for (const cause of [...DIAGNOSED, "lockout", "stuffing_victim", "sms_pumping"]) {
      expect(summary.causes[cause]?.examples.length, cause).toBeGreaterThan(0);
      expect(summary.causes[cause]?.errors, cause).toBe(0);
    }
    // the SMS guard (on in the demo) tripped on the pumping burst: the rest of it was refused
    expect(summary.causes.sms_pumping?.smsRefused ?? 0).toBeGreaterThan(0);
    const view = (id: string) => graphql<UserView>(banner.graphqlUrl, banner.adminToken, USER_QUERY, { id });

    for (const cause of DIAGNOSED) {
      const expected = EXPECTED_DIAGNOSIS[cause as keyof typeof EXPECTED_DIAGNOSIS];
      for (const userId of summary.causes[cause]?.examples ?? []) {
        const seen = await pollUntil(
          `${cause} user ${userId} diagnosed as ${expected}`,
          async () => {
            const { user } = await view(userId);
            return user.__typename === "User" && user.diagnosis?.pattern === expected ? user : undefined;
          },
          20_000,
        );
        expect(seen.diagnosis?.summary ?? "", `${cause} summary`).toMatch(SUMMARY[cause] ?? /./);
      }
    }

    for (const userId of summary.causes.lockout?.examples ?? []) {
      // polled like the diagnoses: the projector may still be behind the demo's last events
      await pollUntil(
        `lockout user ${userId} locked`,
        async () => {
          const { user } = await view(userId);
          return user.__typename === "User" && user.lockout.locked ? user : undefined;
        },
        20_000,
      );
    }

    type Page<N> = { edges: { node: N }[] };
    const fraud = await graphql<{
      fraud: {
        ipsFailingForManyUsers: Page<{ ip: string; distinctUsers: number }>;
        smsPumpingCandidates: Page<{
          numberPrefix: string;
          country: string;
          sends: number;
          conversion: number;
        }>;
      };
    }>(
      banner.graphqlUrl,
      banner.adminToken,
      `{ fraud {
          ipsFailingForManyUsers(minUsers: 2) { edges { node { ip distinctUsers } } }
          smsPumpingCandidates(minSends: 1, maxConversion: 1) { edges { node { numberPrefix country sends conversion } } }
        } }`,
    );
    const ips = fraud.fraud.ipsFailingForManyUsers.edges.map((e) => e.node);
    expect(ips.some((r) => /^(185\.220\.101|45\.155\.205)\./.test(r.ip))).toBe(true);
    // Ranked by sends that never converted: the pumped range first, at ~0; healthy destinations convert.
    const sms = fraud.fraud.smsPumpingCandidates.edges.map((e) => e.node);
    expect(sms[0]).toMatchObject({ numberPrefix: "+23276", country: "SL" });
    expect(sms[0]?.conversion).toBeLessThan(0.05);
    const healthy = sms.filter((c) => c.numberPrefix !== "+23276" && c.sends >= 3);
    expect(healthy.length).toBeGreaterThan(0);
    // their real conversion: SMS carrier failures and late codes of the demo land on these prefixes too
    for (const c of healthy) expect(c.conversion, c.numberPrefix).toBeGreaterThanOrEqual(0.4);

    expect(expectCleanStop(await platform.stop("SIGINT"), platform.output()), platform.output()).toEqual([]);
  });
});
