/**
 * Kafka parts, only when KAFKA_BROKERS is set: the relay (store → tfa.events.v1) and the ingest
 * (tfa.inbound.v1 → store, DLQ). Topics are created if missing.
 */
import type { EventStore } from "@factorlens/event-store";
import { createIngest, createIngestMetrics, domainValidator } from "@factorlens/ingest";
import { ensureNamedTopics, TOPICS } from "@factorlens/kafka";
import { createRelay, createRelayMetrics } from "@factorlens/relay";
import { Kafka, logLevel } from "kafkajs";
import type { Registry } from "prom-client";
import type { Lifecycle } from "../lifecycle";
import { type Crash, runInBackground } from "./background";

export async function startKafkaParts(deps: {
  brokers: string[];
  store: EventStore;
  life: Lifecycle;
  crash: Crash;
}): Promise<{ parts: string[]; registries: Registry[] }> {
  const kafka = new Kafka({
    clientId: "factorlens-platform",
    brokers: deps.brokers,
    logLevel: logLevel.NOTHING,
  });
  await ensureNamedTopics(kafka, Object.values(TOPICS));
  const relayMetrics = createRelayMetrics();
  const relay = createRelay({
    store: deps.store,
    kafka,
    topic: TOPICS.events,
    subscriberId: "relay",
    metrics: relayMetrics,
  });
  runInBackground("relay", (signal) => relay.run(signal), deps.life, deps.crash);
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
  runInBackground("ingest", (signal) => ingest.run(signal), deps.life, deps.crash);
  return { parts: ["relay", "ingest"], registries: [relayMetrics.registry, ingestMetrics.registry] };
}
