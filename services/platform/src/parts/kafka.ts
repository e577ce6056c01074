/**
 * Kafka parts, only when KAFKA_BROKERS is set: the relay (store → tfa.events.v1, with its lag
 * probe on the PostgreSQL store) and the ingest (tfa.inbound.v1 → store, DLQ), each supervised:
 * a broker outage makes them unready and they wait it out; the verifier never depends on Kafka.
 * Topics are created (if missing) by each part when it (re)starts, not before the platform is up.
 */
import { createPostgresSubscriptionLag, type EventStore } from "@factorlens/event-store";
import { createIngest, createIngestMetrics, domainValidator } from "@factorlens/ingest";
import { ensureNamedTopics, TOPICS } from "@factorlens/kafka";
import { createRelay, createRelayMetrics } from "@factorlens/relay";
import type { Supervised, SupervisorLogger } from "@factorlens/service-kit";
import { Kafka, logLevel } from "kafkajs";
import type pg from "pg";
import type { Registry } from "prom-client";
import type { Lifecycle } from "../lifecycle";
import { runSupervised } from "./background";

export async function startKafkaParts(deps: {
  brokers: string[];
  store: EventStore;
  /** The PostgreSQL store's database (relay head/lag); null with EventStoreDB. */
  pool: pg.Pool | null;
  life: Lifecycle;
  logger: SupervisorLogger;
}): Promise<{ parts: { name: string; part: Supervised }[]; registries: Registry[] }> {
  const kafka = new Kafka({
    clientId: "factorlens-platform",
    brokers: deps.brokers,
    logLevel: logLevel.NOTHING,
  });
  const relayMetrics = createRelayMetrics(
    deps.pool
      ? {
          // the relay's checkpoint is kept in the store's own schema
          probe: createPostgresSubscriptionLag(deps.pool, {
            eventStoreSchema: "eventstore",
            checkpointsSchema: "eventstore",
            subscriberId: "relay",
          }),
        }
      : {},
  );
  const relay = createRelay({
    store: deps.store,
    kafka,
    topic: TOPICS.events,
    subscriberId: "relay",
    metrics: relayMetrics,
  });
  const relayPart = runSupervised(
    "relay",
    async (signal) => {
      await ensureNamedTopics(kafka, [TOPICS.events]);
      await relay.run(signal);
    },
    { life: deps.life, logger: deps.logger, ready: relay.ready },
  );
  const ingestMetrics = createIngestMetrics();
  const ingest = createIngest({
    store: deps.store,
    kafka,
    topic: TOPICS.inbound,
    dlqTopic: TOPICS.inboundDlq,
    groupId: "factorlens-ingest",
    validate: domainValidator,
    now: () => new Date(),
    metrics: ingestMetrics,
  });
  const ingestPart = runSupervised(
    "ingest",
    async (signal) => {
      await ensureNamedTopics(kafka, [TOPICS.inbound, TOPICS.inboundDlq]);
      await ingest.run(signal);
    },
    { life: deps.life, logger: deps.logger, ready: ingest.ready },
  );
  return {
    parts: [
      { name: "relay", part: relayPart },
      { name: "ingest", part: ingestPart },
    ],
    registries: [relayMetrics.registry, ingestMetrics.registry],
  };
}
