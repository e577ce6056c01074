/** Reading helpers over @eventstore/db-client: streams, $all without system events, mapping. */
import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  type EventStoreDBClient,
  FORWARDS,
  type ResolvedEvent,
  START,
  StreamDeletedError,
  StreamNotFoundError,
} from "@eventstore/db-client";
import type { JsonObject, ReadAllOptions, ReadStreamOptions, RecordedEvent } from "../port";

/** Our own bookkeeping events (checkpoints) have a `$` type, so excludeSystemEvents() hides them too. */
export const CHECKPOINT_TYPE = "$factorlens-checkpoint";

export const isUserEvent = (type: string, streamId: string): boolean =>
  !type.startsWith("$") && !streamId.startsWith("$");

const asObject = (v: unknown): JsonObject =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array)
    ? (v as JsonObject)
    : {};

/** The position of an event on $all: its commit position (equal to prepare since EventStoreDB 20). */
export function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null {
  const e = resolved.event;
  if (!e) return null;
  return {
    id: e.id,
    type: e.type,
    data: asObject(e.data),
    metadata: asObject(e.metadata),
    streamId: e.streamId,
    revision: Number(e.revision),
    position: e.position?.commit ?? resolved.commitPosition ?? -1n,
    recordedAt: e.created,
  };
}

export async function readStreamEvents(
  client: EventStoreDBClient,
  streamId: string,
  opts: ReadStreamOptions,
  deadline: number,
): Promise<RecordedEvent[]> {
  const backwards = opts.direction === "backwards";
  const out: RecordedEvent[] = [];
  try {
    const read = client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: opts.fromRevision === undefined ? (backwards ? "end" : START) : BigInt(opts.fromRevision),
      ...(opts.maxCount === undefined ? {} : { maxCount: BigInt(opts.maxCount) }),
      deadline,
    });
    for await (const resolved of read) {
      const r = toRecorded(resolved);
      if (r) out.push(r);
    }
  } catch (e) {
    if (e instanceof StreamNotFoundError || e instanceof StreamDeletedError) return [];
    throw e;
  }
  return out;
}

/** $all after `fromPosition` (exclusive), user events only, at most maxCount of them. */
export async function readAllEvents(
  client: EventStoreDBClient,
  opts: ReadAllOptions,
  deadline: number,
): Promise<RecordedEvent[]> {
  const max = opts.maxCount ?? Number.POSITIVE_INFINITY;
  const out: RecordedEvent[] = [];
  let from = opts.fromPosition;
  const page = 500;
  for (;;) {
    const read = client.readAll({
      fromPosition: from === undefined ? START : { commit: from, prepare: from },
      maxCount: page + 1,
      direction: FORWARDS,
      deadline,
    });
    let seen = 0;
    let last: bigint | undefined;
    for await (const resolved of read) {
      const r = toRecorded(resolved);
      if (!r || (from !== undefined && r.position <= from)) continue; // readAll's start is inclusive
      seen++;
      last = r.position;
      if (isUserEvent(r.type, r.streamId) && out.length < max) out.push(r);
    }
    if (last === undefined || seen < page || out.length >= max) return out;
    from = last;
  }
}
