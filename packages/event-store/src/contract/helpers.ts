import { randomUUID } from "node:crypto";
import type { EventStore, NewEvent, RecordedEvent } from "../port";

export const ev = (type = "Tested", data: NewEvent["data"] = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
});

/** Stream ids unique per test, so the suite also runs on a shared server ($all of EventStoreDB). */
export const streamName = (label: string): string => `contract-${label}-${randomUUID().slice(0, 8)}`;

/** A promise with its resolve, to await a condition reached inside a handler. */
export function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * readAll until `done` holds. readAll only shows transactions older than every transaction still
 * open on the server (the price of never skipping one), and other test files share the server: a
 * DROP DATABASE elsewhere holds an xid through a checkpoint, seconds under load. So a
 * just-committed event may show later: we retry instead of asserting once.
 */
export async function readAllUntil(
  store: EventStore,
  streams: Set<string>,
  done: (events: RecordedEvent[]) => boolean,
  pageSize = 1000,
  timeoutMs = 40_000,
): Promise<RecordedEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine: RecordedEvent[] = [];
    let from: bigint | undefined;
    for (;;) {
      const page = await store.readAll({ fromPosition: from, maxCount: pageSize });
      mine.push(...page.filter((e) => streams.has(e.streamId)));
      if (page.length < pageSize) break;
      from = page[page.length - 1]!.position;
    }
    if (done(mine) || Date.now() > deadline) return mine;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Settles all, returning fulfilled values and rejection reasons. */
export async function settle<T>(ps: Promise<T>[]): Promise<{ ok: T[]; failed: unknown[] }> {
  const results = await Promise.allSettled(ps);
  return {
    ok: results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])),
    failed: results.flatMap((r) => (r.status === "rejected" ? [r.reason] : [])),
  };
}
