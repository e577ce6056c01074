/** The `rebuild` command: replay the store into a fresh schema, print progress, swap it in. */
import { createEventStore } from "@factorlens/event-store";
import pg from "pg";
import type { ProjectorConfig } from "./config";
import { formatProgress, rebuild } from "./rebuild";
import { geoOf } from "./start";

export async function runRebuild(
  config: ProjectorConfig,
  print: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
  pool.on("error", () => {}); // idle-client errors surface on the next query
  try {
    const store = await createEventStore({ ...config, poolSize: 2 });
    // The progress total is counted in the PostgreSQL store's table (unknown with EventStoreDB).
    const countEvents = config.eventStoreConnectionString
      ? undefined
      : async () =>
          Number(
            (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${config.eventStoreSchema}".events`))
              .rows[0]?.n ?? 0,
          );
    try {
      const done = await rebuild({
        pool,
        store,
        geo: geoOf(config),
        schema: config.readModelsSchema,
        batchSize: config.batchSize,
        subscriberId: config.subscriberId,
        ...(countEvents ? { countEvents } : {}),
        onProgress: (p) => print(formatProgress(p)),
        signal,
      });
      print(`rebuild done: ${formatProgress(done)}; swapped into ${config.readModelsSchema}`);
    } finally {
      await store.close();
    }
  } finally {
    await pool.end();
  }
}
