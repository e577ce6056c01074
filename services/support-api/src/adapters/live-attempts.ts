import { type FactorlensEvent, fromStoredEvent } from "@factorlens/domain";
import type { RecordedEvent } from "@factorlens/event-store";
import {
  type AttemptView,
  attemptKeysOf,
  type GeoResolver,
  liveAttempts,
  type ReadDb,
} from "@factorlens/read-models";

type LiveEvent = { event: FactorlensEvent; id: string; position: number };

/** Attempts (or SMS challenges) whose recent events are kept, and events kept per attempt. */
const RECENT_ATTEMPTS = 5_000;
const EVENTS_PER_ATTEMPT = 32;

/**
 * Live attempts from freshly committed events, for the timeline subscription: the read models'
 * stored rows folded forward by the projector's own fold and geo resolver, so a live attempt
 * carries the context, network and SMS state a stored one has. An attempt's events can arrive in
 * several batches before the projector stores it (the diagnosis comes after the failure): its
 * earlier live events are kept (bounded) and folded again with the later ones; the fold only sets
 * fields, so an event folded twice gives the same row. Events that do not parse are skipped.
 */
export function createLiveAttempts(
  db: ReadDb,
  geo: GeoResolver,
): (events: RecordedEvent[]) => Promise<AttemptView[]> {
  const recent = new Map<string, LiveEvent[]>();
  const keysOf = ({ event, id }: LiveEvent): string[] => {
    const k = attemptKeysOf(event, id);
    const keys: string[] = [];
    if (k.attemptId !== null) keys.push(`a ${event.userId} ${k.attemptId}`);
    if (k.challengeId !== null) keys.push(`c ${k.challengeId}`);
    return keys;
  };
  const remember = (e: LiveEvent, key: string) => {
    const kept = recent.get(key) ?? [];
    recent.delete(key); // re-inserted last: the map's order is the eviction order
    kept.push(e);
    recent.set(key, kept.slice(-EVENTS_PER_ATTEMPT));
    if (recent.size > RECENT_ATTEMPTS) recent.delete(recent.keys().next().value as string);
  };
  return (events) => {
    const parsed: LiveEvent[] = [];
    for (const recorded of events) {
      try {
        parsed.push({
          event: fromStoredEvent(recorded),
          id: recorded.id,
          position: Number(recorded.position),
        });
      } catch {
        // an event the catalogue refuses is the projector's to record (projection_errors)
      }
    }
    const fresh = new Set(parsed.map((e) => e.id));
    const earlier = new Map<string, LiveEvent>();
    for (const e of parsed)
      for (const key of keysOf(e))
        for (const kept of recent.get(key) ?? []) if (!fresh.has(kept.id)) earlier.set(kept.id, kept);
    for (const e of parsed) for (const key of keysOf(e)) remember(e, key);
    const replay = [...earlier.values()].sort((a, b) => a.position - b.position);
    return liveAttempts(db, [...replay, ...parsed], { geo });
  };
}
