/**
 * The projector as `pnpm start` runs it (`start` from config), with its ops server on an
 * ephemeral port: probes answer, and the metrics follow the work (lag back to 0 after catch-up).
 */
import { type FactorlensEvent, toStoredEvent } from "@factorlens/domain";
import { createPostgresEventStore, userStreamId } from "@factorlens/event-store";
import { migrate } from "@factorlens/read-models";
import { generateEvents } from "@factorlens/read-models/testing";
import { metricValue } from "@factorlens/service-kit";
import { expectSubscriptionCaughtUp, useFixture, useTestDatabase } from "@factorlens/testkit";
import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "./config";
import { postgresLagProbe } from "./lag-probe";
import { start } from "./start";

const SCHEMA = "rm_ops";

describe("projector ops server and metrics", () => {
  const db = useTestDatabase("projector_ops");
  const store = useFixture(
    () => createPostgresEventStore({ pool: db.pool }),
    (s) => s.close(),
  );
  let appended = 0;
  let last = 0n;

  /** Appends each user's events in one append; returns the highest position. */
  const append = async (events: FactorlensEvent[]) => {
    const byUser = new Map<string, FactorlensEvent[]>();
    for (const e of events) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e]);
    for (const [userId, list] of byUser) {
      const r = await store.appendToStream(userStreamId(userId), list.map(toStoredEvent), {
        expectedRevision: "any",
      });
      if (r.position > last) last = r.position;
    }
    appended += events.length;
  };

  it("serves probes, counts projected events and batches, and shows lag going back to 0", async () => {
    const all = generateEvents(12);
    const firstHalf = all.slice(0, 150);
    await append(firstHalf);
    await migrate(db.pool, { schema: SCHEMA });
    const probe = postgresLagProbe(db.pool, {
      eventStoreSchema: "eventstore",
      readModelsSchema: SCHEMA,
      subscriberId: "projector",
    });
    // Nothing projected yet: every event is lag.
    expect(await probe()).toEqual({ head: last, checkpoint: null, behind: firstHalf.length });

    const config = {
      ...loadConfig({
        DATABASE_URL: db.url,
        READ_MODELS_SCHEMA: SCHEMA,
        PROJECTOR_BATCH_SIZE: "40",
        PROJECTOR_GEO: "none",
      }),
      ops: { host: "127.0.0.1", port: 0 },
      lagRefreshMs: 0,
    };
    const running = await start(config, { logger: pino({ level: "silent" }) });
    const opsUrl = running.urls.ops;
    try {
      const get = (path: string) => fetch(`${opsUrl}${path}`);
      const scrape = async () => (await get("/metrics")).text();
      expect((await get("/healthz")).status).toBe(200);
      await vi.waitFor(async () => expect((await get("/readyz")).status).toBe(200), { timeout: 20_000 });

      const caughtUp = async () => {
        const text = await scrape();
        expect(metricValue(text, 'factorlens_projector_events_total{result="applied"}')).toBe(appended);
        expectSubscriptionCaughtUp((series) => metricValue(text, series), "factorlens_projector", last);
        return text;
      };
      const text = await vi.waitFor(caughtUp, { timeout: 30_000, interval: 50 });
      expect(metricValue(text, "factorlens_projector_batches_total")).toBeGreaterThanOrEqual(
        Math.ceil(firstHalf.length / 40),
      );
      expect(metricValue(text, "factorlens_projector_batch_duration_seconds_count")).toBe(
        metricValue(text, "factorlens_projector_batches_total"),
      );
      expect(text).toContain("process_cpu_user_seconds_total");

      // Live: more events arrive, the projector follows, lag returns to 0.
      await append(all.slice(150));
      await vi.waitFor(caughtUp, { timeout: 30_000, interval: 50 });
    } finally {
      await running.close();
    }
    await expect(fetch(`${opsUrl}/healthz`)).rejects.toThrow();
  });
});
