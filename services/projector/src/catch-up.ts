import type { RecordedEvent } from "@factorlens/event-store";

/**
 * Reads batches with `read` and hands them to `handle` in order with one batch of read-ahead:
 * the next read starts when `handle` calls `readNext` (once its writes are on their way, so the
 * read and the parsing of its rows overlap the database's work), or else right after `handle`.
 * Returns the last position handled once a read comes back empty (caught up) or `signal` aborts.
 */
export async function catchUp(options: {
  read(from: bigint | undefined): Promise<RecordedEvent[]>;
  handle(events: RecordedEvent[], readNext: () => void): Promise<void>;
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
    const ahead: { read?: Promise<RecordedEvent[]> } = {};
    const readNext = () => {
      if (ahead.read) return;
      ahead.read = options.read(last.position);
      ahead.read.catch(() => {}); // surfaced by the next await; no unhandled rejection if handle throws
    };
    await options.handle(batch, readNext);
    readNext();
    next = ahead.read as Promise<RecordedEvent[]>;
  }
  return from;
}
