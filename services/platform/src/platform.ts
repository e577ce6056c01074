/**
 * The composition of the whole platform in one process, in dependency order: database, event
 * store, read models + projector, verifier, support API, then relay and ingest when Kafka is
 * configured. Every part registers its stop with the lifecycle as soon as it runs, so a failed
 * start or Ctrl-C stops exactly what was started, in reverse order. Each part is its service's own
 * `start` on a typed config (the service's defaults, overridden only where the platform means to),
 * sharing the platform's pool, event store, logger and metrics registry. Projector, relay and ingest
 * supervise themselves: after the start nothing they meet stops the platform.
 */
import { resolve } from "node:path";
import pg from "pg";
import { Registry } from "prom-client";
import type { PlatformInfo } from "./banner";
import type { PlatformConfig } from "./config";
import type { DemoTarget } from "./demo/run-demo";
import { type DemoCarrier, startDemoCarrier } from "./demo/sms-carrier";
import { credentialsPath, loadOrCreateDevCredentials } from "./dev-credentials";
import type { Lifecycle } from "./lifecycle";
import { startDatabase } from "./parts/database";
import { startEventStore } from "./parts/event-store";
import { startKafkaParts } from "./parts/kafka";
import { startPlatformOps } from "./parts/ops";
import type { PlatformLog } from "./parts/part-logger";
import { startProjector } from "./parts/projector";
import type { PlatformResources } from "./parts/resources";
import { startSupportApi } from "./parts/support-api";
import { startVerifier } from "./parts/verifier";

export interface RunningPlatform {
  info: PlatformInfo;
  /** Present with --demo: what the traffic simulator drives. */
  demoTarget: DemoTarget | null;
}

export async function startPlatform(
  config: PlatformConfig,
  life: Lifecycle,
  log: PlatformLog,
): Promise<RunningPlatform> {
  const registry = new Registry(); // the platform's one /metrics
  const { credentials, created } = await loadOrCreateDevCredentials(config.dataDir);
  if (created) log.line(`generated development credentials in ${config.dataDir}`);

  log.line(config.databaseUrl ? "using DATABASE_URL" : "starting embedded PostgreSQL…");
  const db = await startDatabase(config, credentials, life);
  const pool = new pg.Pool({ connectionString: db.url, max: 20 });
  pool.on("error", () => {}); // idle-client errors surface on the next query
  life.add("database pool", () => pool.end());

  const store = await startEventStore(config, db.url, life);
  const resources: PlatformResources = { config, databaseUrl: db.url, pool, store, registry, life };
  const projector = await startProjector({ ...resources, logger: log.forPart("projector") });

  let carrier: DemoCarrier | null = null;
  if (config.demo) {
    const c = await startDemoCarrier(config.host);
    life.add("demo SMS carrier", () => c.close());
    carrier = c;
  }
  const verifier = await startVerifier({
    config,
    credentials,
    databaseUrl: db.url,
    store,
    life,
    carrier,
    // JSON lines: the verifier's on the platform's stdout (its redaction stays); else its own logger
    logger: log.json ? log.forPart("verifier", config.verifierLogLevel) : undefined,
  });
  const support = await startSupportApi({
    ...resources,
    credentials,
    logger: log.forPart("support-api"),
    verifier: { url: verifier.url, devApiKey: verifier.devApiKey },
  });
  const kafkaParts = config.kafkaBrokers?.length
    ? await startKafkaParts({
        ...resources,
        brokers: config.kafkaBrokers,
        loggerFor: (service: string) => log.forPart(service),
      })
    : [];
  const ops =
    config.opsPort === 0
      ? null
      : await startPlatformOps({
          host: config.host,
          port: config.opsPort,
          registries: [registry],
          pool,
          parts: [{ name: "projector", running: projector }, ...kafkaParts].map((p) => ({
            name: p.name,
            check: () => p.running.ready(),
          })),
          life,
          logger: log.forPart("platform"),
        });

  return {
    info: {
      verifierUrl: verifier.url,
      graphqlUrl: support.graphqlUrl,
      databaseDisplayUrl: db.displayUrl,
      embeddedDatabase: db.embedded,
      eventStore: config.eventStoreConnectionString ? "eventstoredb" : "postgres",
      kafka: kafkaParts.length > 0,
      opsUrl: ops?.url ?? null,
      dataDir: config.dataDir,
      apiKey: verifier.devApiKey,
      adminToken: support.devAdminToken,
      devCredentials:
        verifier.devApiKey || support.devToken
          ? {
              file: resolve(credentialsPath(config.dataDir)),
              tokenIssuer: support.devToken?.issuer ?? null,
              tokenAudience: support.devToken?.audience ?? null,
            }
          : null,
      parts: life.names(),
    },
    demoTarget: carrier
      ? {
          verifierUrl: verifier.url,
          apiKey: verifier.devApiKey ?? credentials.verifierApiKey,
          carrier,
          smsTtlSeconds: verifier.smsTtlSeconds,
          dataDir: config.dataDir,
        }
      : null,
  };
}
