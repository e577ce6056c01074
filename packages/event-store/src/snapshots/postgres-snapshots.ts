/**
 * PostgreSQL snapshots (migration 5): one row per (stream, fold version). A read is one round
 * trip: the snapshot, joined to the stream's event at its revision (an erased and re-created
 * stream has other event ids, so its old snapshot no longer joins), and the events after it.
 * A save keeps the row of the higher revision unless the stored one's event is gone.
 */
import type { SnapshotStore, StateSnapshot } from "../port";
import type { PgContext } from "../postgres/pg-context";
import { type EventRow, toEvent } from "../postgres/rows";

type Row = EventRow & { kind: "s" | "e" };

export function createPostgresSnapshots({ schema, call, q }: PgContext): SnapshotStore {
  return {
    readFromSnapshot: (streamId, version) =>
      call("snapshots.read", async () => {
        const res = await q<Row>(
          "snapshot_read",
          `WITH s AS (
             SELECT sn.revision, sn.event_id, sn.state FROM ${schema}.snapshots sn
               JOIN ${schema}.events e
                 ON e.stream_id = sn.stream_id AND e.revision = sn.revision AND e.event_id = sn.event_id
              WHERE sn.stream_id = $1 AND sn.version = $2)
           SELECT 's' AS kind, NULL::text AS position, NULL::text AS stream_id, s.revision::text AS revision,
                  s.event_id::text AS event_id, NULL::text AS type, s.state AS data, NULL::jsonb AS metadata,
                  NULL::timestamptz AS recorded_at
             FROM s
           UNION ALL
           SELECT 'e', e.position::text, e.stream_id, e.revision::text, e.event_id::text, e.type, e.data,
                  e.metadata, e.recorded_at
             FROM ${schema}.events e
            WHERE e.stream_id = $1 AND e.revision > COALESCE((SELECT revision FROM s), -1)`,
          [streamId, version],
        );
        let snapshot: StateSnapshot | null = null;
        const events = [];
        for (const r of res.rows) {
          if (r.kind === "s") {
            snapshot = { version, revision: Number(r.revision), eventId: r.event_id, state: r.data };
          } else events.push(toEvent(r));
        }
        events.sort((a, b) => a.revision - b.revision);
        return { snapshot, events };
      }),
    save: (streamId, snapshot) =>
      call("snapshots.save", async () => {
        await q(
          "snapshot_save",
          `INSERT INTO ${schema}.snapshots AS sn (stream_id, version, revision, event_id, state)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (stream_id, version) DO UPDATE
             SET revision = excluded.revision, event_id = excluded.event_id, state = excluded.state,
                 updated_at = now()
           WHERE sn.revision < excluded.revision
              OR NOT EXISTS (SELECT 1 FROM ${schema}.events e WHERE e.event_id = sn.event_id)`,
          [streamId, snapshot.version, snapshot.revision, snapshot.eventId, JSON.stringify(snapshot.state)],
        );
      }),
  };
}
