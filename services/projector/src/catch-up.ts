import type { RecordedEvent } from "@factorlens/event-store";

/**
 * Reads batches with `read` and hands them to `handle` in order, reading the next batch while the
 * current one is being written (one batch of read-ahead). Returns the last position handled once
 * a read comes back empty (caught up) or `signal` aborts.
 */
export async function catchUp(options: {
  read(from: bigint | undefined): Promise<RecordedEvent[]>;
  handle(events: RecordedEvent[]): Promise<void>;
  from: bigint | undefined;
  signal: AbortSignal;
}): Promise<bigint | undefined> {
  let from = options.from;
  let next = options.read(from);
  while (!options.signal.aborted) {
    const batch = await next;
    const last = batch[batch.length - 1];
    if (!last) return from;
    from = last.position;
    next = options.read(from);
    next.catch(() => {}); // surfaced by the next await; avoid an unhandled rejection if handle throws
    await options.handle(batch);
  }
  return from;
}
