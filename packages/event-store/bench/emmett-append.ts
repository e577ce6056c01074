/**
 * Peer bench: single-event appends with an expected revision to distinct streams, factorlens's
 * PostgreSQL store next to @event-driven-io/emmett-postgresql, on the same server, same event,
 * same writers, alternating rounds in one run. Prints both figures, the ratio and the load.
 * Usage: pnpm --filter @factorlens/event-store bench:emmett
 */
import { loadavg } from "node:os";
import { STREAM_DOES_NOT_EXIST } from "@event-driven-io/emmett";
import { getPostgreSQLEventStore } from "@event-driven-io/emmett-postgresql";
import { createTestDatabase } from "@factorlens/testkit";
import { createPostgresEventStore } from "../src/postgres/postgres-event-store";
import { fmt, sampleEvent, timedLoops } from "./workload";

const SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 3);
const WRITERS = [1, 16, 64];
const ROUNDS = 2;

const db = await createTestDatabase("emmett_bench");
try {
  const ours = await createPostgresEventStore({ connectionString: db.url, poolSize: 64 });
  const emmett = getPostgreSQLEventStore(db.url);
  let run = 0;
  const phase = async (name: "factorlens" | "emmett", writers: number) => {
    const tag = `${name}-${writers}-${run++}`;
    const next = new Map<number, number>();
    return timedLoops(writers, SECONDS, async (w, i) => {
      const e = sampleEvent(i);
      const stream = `bench-${tag}-${w}`;
      if (name === "factorlens") {
        const r = await ours.appendToStream(stream, [e], { expectedRevision: next.get(w) ?? "no_stream" });
        next.set(w, r.nextExpectedRevision);
      } else {
        const r = await emmett.appendToStream(
          stream,
          [{ type: e.type, data: e.data, metadata: e.metadata }],
          {
            expectedStreamVersion: next.has(w) ? BigInt(next.get(w)!) : STREAM_DOES_NOT_EXIST,
          },
        );
        next.set(w, Number(r.nextExpectedStreamVersion));
      }
    });
  };
  // one warm-up append each (emmett creates its schema on first use)
  await phase("emmett", 1).catch((e) => {
    throw new Error(`emmett warm-up failed: ${(e as Error).message}`);
  });
  console.log(
    `appends/s (p50 ms), ${SECONDS}s per phase, best of ${ROUNDS} alternating rounds; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log("writers   factorlens            emmett-postgresql      ratio");
  for (const writers of WRITERS) {
    let a = { opsPerSec: 0, p50: 0 };
    let b = { opsPerSec: 0, p50: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const x = await phase("factorlens", writers);
      const y = await phase("emmett", writers);
      if (x.opsPerSec > a.opsPerSec) a = x;
      if (y.opsPerSec > b.opsPerSec) b = y;
    }
    console.log(
      `${String(writers).padStart(7)}   ${fmt(a.opsPerSec).padStart(8)} (${a.p50.toFixed(2)})     ${fmt(b.opsPerSec).padStart(8)} (${b.p50.toFixed(2)})       ${(a.opsPerSec / b.opsPerSec).toFixed(2)}×`,
    );
  }
  console.log(
    `load after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await emmett.close();
  await ours.close();
} finally {
  await db.drop();
}
