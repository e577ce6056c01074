/**
 * Relay throughput: events/s from the PostgreSQL store to Kafka, next to a baseline measured in
 * the same run: a raw kafkajs producer (same idempotent settings, acks = all, same batch size)
 * sending the very same pre-encoded messages. Ratio = relay / baseline.
 * Usage: pnpm --filter @factorlens/relay bench   (BENCH_EVENTS=30000, BENCH_BATCH=500 by default)
 */
import { randomUUID } from "node:crypto";
import {
  createPostgresEventStore,
  type NewEvent,
  type RecordedEvent,
  userStreamId,
} from "@factorlens/event-store";
import { createIdempotentProducer, encodeEvent, publish } from "@factorlens/kafka";
import { createTestDatabase, createTestKafka } from "@factorlens/testkit";
import { createRelay } from "../src/relay";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 30_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const USERS = 2_000;

const event = (userId: string): NewEvent => ({
  id: randomUUID(),
  type: "ChallengeFailed",
  data: {
    userId,
    factorId: `totp-${userId}`,
    attemptId: randomUUID(),
    method: "totp",
    reason: "mismatch",
    occurredAt: new Date().toISOString(),
    context: { ip: "203.0.113.7", country: "DE", asn: 64500, userAgent: "Mozilla/5.0 (bench)" },
    secretFingerprint: "9f86d081884c7d65",
  },
  metadata: { schemaVersion: 2, correlationId: randomUUID() },
});

const db = await createTestDatabase("relay_bench");
const k = await createTestKafka("relay-bench");
const store = await createPostgresEventStore({ connectionString: db.url });
try {
  process.stdout.write(`seeding ${EVENTS} events… `);
  for (let i = 0; i < EVENTS; i += 50) {
    const userId = `user-${(i / 50) % USERS}`;
    const batch = Array.from({ length: Math.min(50, EVENTS - i) }, () => event(userId));
    await store.appendToStream(userStreamId(userId), batch, { expectedRevision: "any" });
  }
  const all: RecordedEvent[] = [];
  for (let from: bigint | undefined; ; ) {
    const page = await store.readAll({
      ...(from === undefined ? {} : { fromPosition: from }),
      maxCount: 5_000,
    });
    if (page.length === 0) break;
    all.push(...page);
    from = page[page.length - 1]!.position;
  }
  console.log(`done (${all.length} readable)`);

  // Baseline: raw producer, same messages, same batch size, same idempotent/acks settings.
  const baselineTopic = await k.createTopic("bench-raw", 6);
  const messages = all.map(encodeEvent);
  const producer = createIdempotentProducer(k.kafka);
  await producer.connect();
  let t0 = performance.now();
  for (let i = 0; i < messages.length; i += BATCH)
    await publish(producer, baselineTopic, messages.slice(i, i + BATCH));
  const baselineMs = performance.now() - t0;
  await producer.disconnect();

  // Relay: store subscription → encode + redaction check → publish → checkpoint (CAS).
  const relayTopic = await k.createTopic("bench-relay", 6);
  const last = all[all.length - 1]!.position;
  const stop = new AbortController();
  const relay = createRelay({
    store,
    kafka: k.kafka,
    topic: relayTopic,
    subscriberId: "bench",
    batchSize: BATCH,
    hooks: { afterCheckpoint: (p) => p >= last && stop.abort() },
  });
  t0 = performance.now();
  await relay.run(stop.signal);
  const relayMs = performance.now() - t0;

  const rate = (ms: number) => Math.round((all.length / ms) * 1000);
  console.log(
    `relay events/s to Kafka:            ${rate(relayMs).toLocaleString("en")} (${(relayMs / 1000).toFixed(2)} s)`,
  );
  console.log(
    `baseline raw kafkajs producer ev/s: ${rate(baselineMs).toLocaleString("en")} (${(baselineMs / 1000).toFixed(2)} s)`,
  );
  console.log(`ratio relay / baseline:             ${(baselineMs / relayMs).toFixed(2)}`);
} finally {
  await store.close();
  await k.cleanup();
  await db.drop();
}
