import type { EventStore } from "@factorlens/event-store";

const PAGE = 10_000;

/**
 * The position of the last committed event, read forwards from a known earlier position (e.g. the
 * projector's checkpoint) so that it costs at most the projector's lag, not the whole log.
 */
export async function headPosition(store: EventStore, from?: bigint | null): Promise<bigint | undefined> {
  let pos = from ?? undefined;
  for (;;) {
    const batch = await store.readAll({
      ...(pos !== undefined ? { fromPosition: pos } : {}),
      maxCount: PAGE,
    });
    const last = batch.at(-1);
    if (!last) return pos;
    pos = last.position;
    if (batch.length < PAGE) return pos;
  }
}
