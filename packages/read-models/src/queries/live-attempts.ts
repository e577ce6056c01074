import type { FactorlensEvent } from "@factorlens/domain";
import { type ReadDb, schemaOf } from "../db";
import { attemptKeysOf, foldAttemptEvent } from "../fold";
import type { GeoResolver } from "../geo/geo-resolver";
import { attemptKey, BatchState } from "../projection/batch-state";
import { loadAttemptRows } from "../projection/write";
import { type AttemptView, toAttemptView } from "./timeline";

/**
 * The attempts that freshly committed events change, as the projector will store them: each
 * stored row (when there is one) folded forward with the projector's own fold and geo resolver,
 * so a live attempt has the context, network and SMS state of a stored one. The attempt fold
 * only sets fields, so an event the projector already applied folds again to the same row.
 */
export async function liveAttempts(
  db: ReadDb,
  events: readonly { event: FactorlensEvent; id: string; position: number }[],
  options: { geo: GeoResolver },
): Promise<AttemptView[]> {
  const keys = new Map<string, { userId: string; attemptId: string }>();
  const challengeIds = new Set<string>();
  for (const { event, id } of events) {
    const k = attemptKeysOf(event, id);
    if (k.attemptId !== null)
      keys.set(attemptKey({ user_id: event.userId, attempt_id: k.attemptId }), {
        userId: event.userId,
        attemptId: k.attemptId,
      });
    if (k.challengeId !== null) challengeIds.add(k.challengeId);
  }
  if (keys.size === 0 && challengeIds.size === 0) return [];
  const rows = new BatchState();
  for (const r of await loadAttemptRows(db, schemaOf(db), [...keys.values()], [...challengeIds]))
    rows.putLoaded(r);
  for (const { event, id, position } of events)
    foldAttemptEvent(rows, event, { geo: options.geo, eventId: id, position });
  return [...rows.dirtyAttempts].map((k) => toAttemptView(rows.attempts.get(k)!));
}
