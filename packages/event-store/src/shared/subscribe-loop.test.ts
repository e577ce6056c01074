import { describe, expect, it } from "vitest";
import type { ReadAllOptions, RecordedEvent } from "../port";
import { createChangeSignal, runSubscription } from "./subscribe-loop";

/** A log whose readAll, like PostgreSQL's, hides everything at or above a visibility horizon. */
function horizonLog() {
  const events: RecordedEvent[] = [];
  let horizon = Number.POSITIVE_INFINITY;
  const add = (position: number) =>
    events.push({
      id: `e${position}`,
      streamId: "s",
      revision: position,
      position: BigInt(position),
      type: "T",
      data: {},
      metadata: {},
      recordedAt: new Date(0),
    });
  const readAll = async ({ fromPosition, maxCount }: ReadAllOptions) =>
    events
      .filter((e) => e.position > (fromPosition ?? -1n) && Number(e.position) < horizon)
      .slice(0, maxCount);
  const heldBack = async (from: bigint | undefined) => events.some((e) => e.position > (from ?? -1n));
  return {
    add,
    readAll,
    heldBack,
    hold: (below: number) => {
      horizon = below;
    },
    release: () => {
      horizon = Number.POSITIVE_INFINITY;
    },
  };
}

describe("runSubscription", () => {
  it("delivers events whose older transaction commits between the empty read and the held-back check, with no wake-up", async () => {
    const log = horizonLog();
    log.add(1);
    log.add(2);
    log.hold(1); // an older transaction (position 1) is open: nothing is visible yet
    let reads = 0;
    const readAll = async (o: ReadAllOptions) => {
      const batch = await log.readAll(o);
      // The older transaction commits right after this read: the horizon moves before the check.
      if (++reads === 1) log.release();
      return batch;
    };
    const changes = createChangeSignal(); // never bumped: no notification, no poll
    const abort = new AbortController();
    const delivered: string[] = [];
    const done = new Promise<void>((resolve) => {
      void runSubscription(
        readAll,
        changes,
        { signal: abort.signal },
        async (batch) => {
          delivered.push(...batch.map((e) => e.id));
          if (delivered.length === 2) resolve();
        },
        log.heldBack,
      );
    });
    await done;
    abort.abort();
    expect(delivered).toEqual(["e1", "e2"]);
  });

  it("sleeps until a wake-up when nothing is held back, instead of re-reading", async () => {
    const log = horizonLog();
    let reads = 0;
    const readAll = async (o: ReadAllOptions) => {
      reads++;
      return log.readAll(o);
    };
    const changes = createChangeSignal();
    const abort = new AbortController();
    const delivered: string[] = [];
    let onDelivered: () => void = () => {};
    const run = runSubscription(
      readAll,
      changes,
      { signal: abort.signal },
      async (batch) => {
        delivered.push(...batch.map((e) => e.id));
        onDelivered();
      },
      log.heldBack,
    );
    // Give the loop every chance to spin: many macrotask turns.
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(reads).toBe(1);
    const got = new Promise<void>((resolve) => {
      onDelivered = resolve;
    });
    log.add(1);
    changes.bump();
    await got;
    expect(delivered).toEqual(["e1"]);
    abort.abort();
    await run;
  });
});
