import { type FactorlensEvent, fromStoredEvent } from "@factorlens/domain";
import type { RecordedEvent } from "@factorlens/event-store";
import { type AttemptView, type GeoResolver, liveAttempts, type ReadDb } from "@factorlens/read-models";

/**
 * Live attempts from freshly committed events, for the timeline subscription: the read models'
 * stored rows folded forward by the projector's own fold and geo resolver, so a live attempt
 * carries the context, network and SMS state a stored one has. Events that do not parse are skipped.
 */
export function createLiveAttempts(
  db: ReadDb,
  geo: GeoResolver,
): (events: RecordedEvent[]) => Promise<AttemptView[]> {
  return (events) => {
    const parsed: { event: FactorlensEvent; id: string; position: number }[] = [];
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
    return liveAttempts(db, parsed, { geo });
  };
}
