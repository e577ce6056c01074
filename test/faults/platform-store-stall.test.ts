/**
 * The postmaster of a dedicated PostgreSQL (never the shared one) and its
 * server processes are SIGSTOPped for 20 s under a running `pnpm start` platform. Its `/readyz`
 * (ops) and the verifier's answer 503 during the stall, the platform keeps running (the projector
 * is supervised: its failure is restarted, not fatal), verifies again within 10 s of SIGCONT, and the
 * projector catches up by itself (lag 0).
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freePort, type PlatformProcess, probeUrl, startPlatformProcess } from "../e2e/platform-process";
import { verifierCall } from "../e2e/support-client";
import { type PgCluster, startPgCluster } from "./pg-cluster";

const PARAMS = { algorithm: "SHA1", digits: 6, period: 30 } as const;
const STALL_MS = 20_000;
let cluster: PgCluster;
let platform: PlatformProcess;
const dataDir = mkdtempSync(join(tmpdir(), "factorlens-stall-"));
chmodSync(dataDir, 0o711);

beforeAll(async () => {
  cluster = await startPgCluster();
});
afterAll(async () => {
  await platform?.stop("SIGKILL").catch(() => undefined);
  cluster?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a 20-s stall of the store under the platform", () => {
  it("is unready during the stall, keeps running, verifies within 10 s of SIGCONT and the projector catches up", async () => {
    const opsPort = await freePort();
    platform = startPlatformProcess({
      env: {
        DATABASE_URL: cluster.url,
        FACTORLENS_PLATFORM_DATA_DIR: dataDir,
        FACTORLENS_VERIFIER_PORT: String(await freePort()),
        FACTORLENS_SUPPORT_PORT: String(await freePort()),
        FACTORLENS_OPS_PORT: String(opsPort),
      },
    });
    const banner = await platform.waitForReady();
    const ops = `http://127.0.0.1:${opsPort}`;
    const call = <T>(method: string, path: string, body?: unknown) =>
      verifierCall<T>(banner.verifierUrl, banner.apiKey, method, path, body);
    const userId = `stall-${Date.now().toString(36)}`;
    const enrolled = await call<{ factorId: string; secret: string }>("POST", `/v1/users/${userId}/factors`, {
      method: "totp",
    });
    const key = decodeBase32(enrolled.json.secret);
    const confirmedStep = totpStep(Date.now(), 30);
    expect(
      (
        await call<{ confirmed: boolean }>(
          "POST",
          `/v1/users/${userId}/factors/${enrolled.json.factorId}/confirm`,
          {
            code: totpCode(key, PARAMS, confirmedStep),
          },
        )
      ).json.confirmed,
    ).toBe(true);
    await vi.waitFor(async () => expect((await probeUrl(`${ops}/readyz`)).status).toBe(200), {
      timeout: 20_000,
    });

    cluster.freeze();
    const frozenAt = Date.now();
    let thawed = false;
    try {
      // Both readiness endpoints say 503 within a few seconds, the ops one naming the database.
      let opsBody = "";
      await vi.waitFor(
        async () => {
          const r = await probeUrl(`${ops}/readyz`);
          expect(r.status).toBe(503);
          opsBody = r.body;
        },
        { timeout: 8_000, interval: 250 },
      );
      expect(opsBody).toMatch(/database did not answer/);
      await vi.waitFor(
        async () => expect((await probeUrl(`${banner.verifierUrl}/readyz`)).status).toBe(503),
        {
          timeout: 10_000,
          interval: 250,
        },
      );
      expect(Date.now() - frozenAt).toBeLessThan(12_000);
      expect((await probeUrl(`${ops}/healthz`)).status).toBe(200); // liveness stays up
      // The stall itself is the fault under test: it lasts 20 s, whatever happens meanwhile.
      await new Promise((r) => setTimeout(r, Math.max(0, STALL_MS - (Date.now() - frozenAt))));
    } finally {
      cluster.thaw();
      thawed = true;
    }
    expect(thawed).toBe(true);
    const thawedAt = Date.now();

    // Verifies again within 10 s: the code of the current step (later than the confirmation's).
    await vi.waitFor(
      async () => {
        const step = Math.max(totpStep(Date.now(), 30), confirmedStep + 1);
        const res = await call<{ accepted: boolean }>("POST", "/v1/verify", {
          userId,
          code: totpCode(key, PARAMS, step),
          context: { ip: "81.2.69.142", userAgent: "faults" },
        });
        expect(res.status).toBe(200);
        expect(res.json.accepted).toBe(true);
      },
      { timeout: 10_000, interval: 200 },
    );
    expect(Date.now() - thawedAt).toBeLessThan(10_000);
    expect(platform.child.exitCode).toBeNull();
    expect(platform.output()).not.toMatch(/stopping…|a part crashed/);

    // Every part resumes by itself: ready again, and the projector has caught up with the store.
    await vi.waitFor(
      async () => {
        expect((await probeUrl(`${ops}/readyz`)).status).toBe(200);
        const metrics = (await probeUrl(`${ops}/metrics`)).body;
        expect(metrics).toMatch(/^factorlens_projector_lag_events 0$/m);
        expect(metrics).toMatch(/^factorlens_projector_head_position [1-9]\d*$/m);
      },
      { timeout: 40_000, interval: 500 },
    );
  });
});
