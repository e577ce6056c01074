/** The database: the operator's DATABASE_URL, or the embedded PostgreSQL. */
import type { PlatformConfig } from "../config";
import type { DevCredentials } from "../dev-credentials";
import { startEmbeddedPostgres } from "../embedded-pg";
import type { Lifecycle } from "../lifecycle";

export interface Database {
  url: string;
  displayUrl: string;
  embedded: boolean;
}

const mask = (url: string) => {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<DATABASE_URL>";
  }
};

export async function startDatabase(
  config: PlatformConfig,
  credentials: DevCredentials,
  life: Lifecycle,
): Promise<Database> {
  if (config.databaseUrl)
    return { url: config.databaseUrl, displayUrl: mask(config.databaseUrl), embedded: false };
  const pg = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    password: credentials.postgresPassword,
    database: "factorlens",
  });
  life.add("embedded PostgreSQL", pg.stop);
  return { url: pg.url, displayUrl: pg.displayUrl, embedded: true };
}
