import { type FactorlensEvent, fromStoredEvent } from "@factorlens/domain";
import type { JsonObject } from "@factorlens/event-store";
import { DEFAULT_SCHEMA, type Queryable, schemaOf } from "../db";
import type { GeoResolver } from "../geo/geo-resolver";
import { type FactorStatusRow, TABLES, type UserStatusRow } from "../tables";
import { applyEvent, keysOf } from "./apply";
import { BatchState, pairKey } from "./batch-state";
import type { StateCache } from "./state-cache";
import { loadAttemptRows, selectRows, upsertMany } from "./write";

/** A stored event as the projector gets it from the store subscription or from Kafka. */
export interface ProjectableEvent {
  id: string;
  type: string;
  data: JsonObject;
  metadata?: JsonObject;
  position: bigint;
  /** `fromStoredEvent` of this record, when the caller parsed it already (see parseAhead). */
  parsed?: FactorlensEvent;
}

/**
 * Parses (validates and upcasts) events ahead of projectBatch, e.g. as soon as a read-ahead batch
 * arrives, while the previous batch's SQL runs. Events that do not parse are left as they are:
 * projectBatch parses them again and records why in projection_errors.
 */
export const parseAhead = <E extends ProjectableEvent>(events: readonly E[]): E[] =>
  events.map((e) => {
    if (e.parsed) return e;
    try {
      return { ...e, parsed: fromStoredEvent(e) };
    } catch {
      return e;
    }
  });

export interface ProjectOptions {
  schema?: string;
  geo: GeoResolver;
  /** Default 24 h. */
  newLocationWindowMs?: number;
  /** Rows of earlier committed batches (see StateCache): the projector passes one, tests need not. */
  cache?: StateCache;
  /** When given, milliseconds spent per phase are added to it (benchmarks). */
  timings?: Record<string, number>;
  /**
   * How an event projected before is recognised. `"event-id"` (default): a `projected_events`
   * row per event, for callers that may see an event again (Kafka redelivery, direct calls).
   * `"checkpoint"`: the caller writes this batch with a compare-and-set checkpoint in the same
   * transaction and passes only events after it (store mode), so an event is never offered twice
   * and no per-event row is needed. A schema is fed by one mode: never mix them on one schema.
   */
  dedupe?: "event-id" | "checkpoint";
  /**
   * Called once the batch's table writes are sent, before they complete: the caller can start
   * reading the next batch there, so that read and its parsing overlap the database's work.
   */
  whileWriting?: () => void;
}

export interface ProjectResult {
  /** Events applied now. */
  applied: number;
  /** Events skipped because they were projected before (idempotency by event id). */
  duplicates: number;
  /** Events that do not parse: recorded in projection_errors, never retried. */
  invalid: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Projects a batch of events into the read models. Call it inside the caller's transaction
 * (with the checkpoint write): it is idempotent by event id, through `projected_events` or, with
 * `dedupe: "checkpoint"`, through the caller's transactional checkpoint.
 */
export async function projectBatch(
  db: Queryable,
  events: readonly ProjectableEvent[],
  options: ProjectOptions,
): Promise<ProjectResult> {
  const schema = schemaOf(options.schema ?? DEFAULT_SCHEMA);
  let mark = performance.now();
  const lap = (phase: string) => {
    if (!options.timings) return;
    const now = performance.now();
    options.timings[phase] = (options.timings[phase] ?? 0) + (now - mark);
    mark = now;
  };
  const unique = [...new Map(events.map((e) => [e.id.toLowerCase(), e])).values()];
  const errors: { event_id: string; event_type: string; position: number; reason: string }[] = [];
  const withIds = unique.filter((e) => {
    if (UUID.test(e.id)) return true;
    errors.push({
      event_id: e.id,
      event_type: e.type,
      position: Number(e.position),
      reason: "event id is not a UUID",
    });
    return false;
  });
  const freshIds = await guard(db, schema, withIds, options.dedupe ?? "event-id");
  lap("guard");
  const parsed: { event: FactorlensEvent; id: string; position: number }[] = [];
  for (const e of withIds) {
    if (freshIds !== null && !freshIds.has(e.id.toLowerCase())) continue;
    try {
      parsed.push({ event: e.parsed ?? fromStoredEvent(e), id: e.id, position: Number(e.position) });
    } catch (err) {
      const reason = err instanceof Error ? err.message : "unparseable event";
      errors.push({ event_id: e.id, event_type: e.type, position: Number(e.position), reason });
    }
  }

  lap("parse");
  const state = await loadState(db, schema, parsed, options.cache);
  const deps = { geo: options.geo, newLocationWindowMs: options.newLocationWindowMs ?? 86_400_000 };
  lap("load");
  for (const p of parsed) applyEvent(state, p.event, p.id, p.position, deps);
  lap("apply");

  const written = upsertMany(db, schema, [
    { table: TABLES.userStatus, rows: [...state.dirtyUsers].map((k) => state.users.get(k)!) },
    { table: TABLES.factorStatus, rows: [...state.dirtyFactors].map((k) => state.factors.get(k)!) },
    { table: TABLES.attempts, rows: [...state.dirtyAttempts].map((k) => state.attempts.get(k)!) },
    { table: TABLES.ipUserFailures, rows: [...state.ipUserFailures.rows.values()] },
    { table: TABLES.disabledAfterNewLocation, rows: state.disabledAfterNewLocation },
    { table: TABLES.supportAudit, rows: state.supportAudit },
    { table: TABLES.smsSendRefusals, rows: state.smsSendRefusals },
    { table: { name: "projection_errors", key: ["event_id"] }, rows: errors },
  ]);
  options.whileWriting?.();
  await written;
  if (options.cache) remember(options.cache, state);
  lap("write");
  const duplicates = freshIds === null ? 0 : withIds.length - freshIds.size;
  return { applied: parsed.length, duplicates, invalid: errors.length };
}

/** The ids not projected before (lower case), or null when every event is fresh (checkpoint mode). */
async function guard(
  db: Queryable,
  schema: string,
  events: readonly ProjectableEvent[],
  dedupe: "event-id" | "checkpoint",
): Promise<Set<string> | null> {
  if (dedupe === "checkpoint" || events.length === 0) return null;
  const fresh = await db.query<{ event_id: string }>(
    `INSERT INTO ${schema}.projected_events (event_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id`,
    [events.map((e) => e.id)],
  );
  return new Set(fresh.rows.map((r) => r.event_id.toLowerCase()));
}

async function loadState(
  db: Queryable,
  schema: string,
  events: readonly { event: FactorlensEvent; id: string }[],
  cache: StateCache | undefined,
): Promise<BatchState> {
  const s = new BatchState();
  if (events.length === 0) return s;
  const k = keysOf(events);
  // Whatever the cache holds is current (this projector wrote it last); load only the rest.
  const users = k.users.filter((u) => !adopt(cache?.users.get(u), (r) => s.users.set(u, r)));
  const factorKeys = new Set<string>();
  const factorUsers = new Set<string>();
  k.factorIds.forEach((f, i) => {
    const u = k.factorUsers[i]!;
    const key = pairKey(u, f);
    if (s.factors.has(key) || adopt(cache?.factors.get(key), (r) => s.factors.set(key, r))) return;
    factorKeys.add(key);
    factorUsers.add(u);
  });
  const attempts = [...k.attempts].filter(([key]) => !adopt(cache?.attempts.get(key), (r) => s.putLoaded(r)));
  const challengeIds = k.challengeIds.filter((c) => {
    const id = cache?.challenges.get(c);
    return !adopt(id === undefined ? undefined : cache?.attempts.get(id), (r) => s.putLoaded(r));
  });
  const [userRows, factorRows, attemptRows] = await Promise.all([
    users.length === 0
      ? []
      : selectRows<UserStatusRow>(
          db,
          `SELECT to_jsonb(t) AS r FROM ${schema}.user_status t WHERE user_id = ANY($1)`,
          [users],
        ),
    // By user (the primary key's prefix: an index scan however large the table grows; a user has
    // a few factors), keeping the wanted pairs below.
    factorKeys.size === 0
      ? []
      : selectRows<FactorStatusRow>(
          db,
          `SELECT to_jsonb(t) AS r FROM ${schema}.factor_status t WHERE user_id = ANY($1)`,
          [[...factorUsers]],
        ),
    loadAttemptRows(
      db,
      schema,
      attempts.map(([, a]) => a),
      challengeIds,
    ),
  ]);
  for (const u of userRows) s.users.set(u.user_id, u);
  for (const f of factorRows) {
    const key = pairKey(f.user_id, f.factor_id);
    if (factorKeys.has(key)) s.factors.set(key, f);
  }
  for (const a of attemptRows) s.putLoaded(a);
  return s;
}

const adopt = <R>(row: R | undefined, put: (r: R) => void): boolean => {
  if (row === undefined) return false;
  put(row); // shared on purpose: a failed batch clears the whole cache
  return true;
};

/** After a batch's writes: its rows become the cache's (the caller clears it if the commit fails). */
const remember = (cache: StateCache, s: BatchState): void => {
  for (const k of s.dirtyUsers) cache.users.set(k, s.users.get(k)!);
  for (const k of s.dirtyFactors) cache.factors.set(k, s.factors.get(k)!);
  for (const k of s.dirtyAttempts) {
    const a = s.attempts.get(k)!;
    cache.attempts.set(k, a);
    if (a.challenge_id) cache.challenges.set(a.challenge_id, k);
  }
};
