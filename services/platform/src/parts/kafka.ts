/**
 * Kafka parts, only when KAFKA_BROKERS is set: the relay (store → tfa.events.v1, with its lag
 * probe on the PostgreSQL store) and the ingest (tfa.inbound.v1 → store, DLQ), each the service's
 * own `start` on the platform's store, pool, logger and registry. Each supervises itself: a broker
 * outage makes it unready and it waits it out; the verifier never depends on Kafka. Topics are
 * created (if missing) by each part when it (re)starts, not before the platform is up.
 */
import { INGEST_DEFAULTS, type IngestConfig, start as startIngest } from "@factorlens/ingest";
import { RELAY_DEFAULTS, type RelayConfig, start as startRelay } from "@factorlens/relay";
import type { RunningService } from "@factorlens/service-kit";
import type { Logger } from "pino";
import type { PlatformConfig } from "../config";
import type { PlatformResources } from "./resources";

/** The services' own defaults; the platform gives only its database, event store and brokers. */
export const relayConfig = (config: PlatformConfig, databaseUrl: string, brokers: string[]): RelayConfig => ({
  ...RELAY_DEFAULTS,
  databaseUrl,
  eventStoreConnectionString: config.eventStoreConnectionString,
  kafkaBrokers: brokers,
  ops: null, // the platform's one ops server serves its metrics and readiness
  logLevel: config.logLevel,
});

export const ingestConfig = (
  config: PlatformConfig,
  databaseUrl: string,
  brokers: string[],
): IngestConfig => ({
  ...INGEST_DEFAULTS,
  databaseUrl,
  eventStoreConnectionString: config.eventStoreConnectionString,
  kafkaBrokers: brokers,
  ops: null,
  logLevel: config.logLevel,
});

export async function startKafkaParts(
  deps: PlatformResources & {
    brokers: string[];
    /** Each part's logger by its service name (relay, ingest). */
    loggerFor: (service: string) => Logger;
  },
): Promise<{ name: string; running: RunningService }[]> {
  const { config, databaseUrl, brokers, store, pool, registry } = deps;
  const shared = { store, pool, registry };
  const relay = await startRelay(relayConfig(config, databaseUrl, brokers), {
    ...shared,
    logger: deps.loggerFor("relay"),
  });
  deps.life.add("relay", () => relay.close());
  const ingest = await startIngest(ingestConfig(config, databaseUrl, brokers), {
    ...shared,
    logger: deps.loggerFor("ingest"),
  });
  deps.life.add("ingest", () => ingest.close());
  return [
    { name: "relay", running: relay },
    { name: "ingest", running: ingest },
  ];
}
