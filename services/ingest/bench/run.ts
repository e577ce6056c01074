/**
 * Ingest throughput: events/s from Kafka into the PostgreSQL store (validate with the domain's
 * parser, append per user stream, commit), next to a baseline measured in the same run: a raw
 * kafkajs consumer reading the very same messages (eachBatch, JSON.parse each value).
 * Ratio = ingest / baseline. A second reference appends the same validated events straight into a
 * fresh store (no Kafka), to show how much of ingest's cost is the store itself.
 * Usage: pnpm --filter @factorlens/ingest bench   (BENCH_EVENTS=10000 by default)
 */
import { randomUUID } from "node:crypto";
import { createPostgresEventStore, userStreamId } from "@factorlens/event-store";
import { createIdempotentProducer, publish } from "@factorlens/kafka";
import { createTestDatabase, createTestKafka } from "@factorlens/testkit";
import { createIngest, domainValidator } from "../src/ingest";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const USERS = 2_000;
const PARTITIONS = 6;

const inbound = (i: number) => {
  const userId = `user-${i % USERS}`;
  const failed = i % 4 === 0;
  return {
    key: userId,
    value: JSON.stringify({
      eventId: randomUUID(),
      type: failed ? "SmsDeliveryFailed" : "SmsDelivered",
      version: 1,
      userId,
      factorId: `sms-${userId}`,
      occurredAt: new Date(1_764_000_000_000 + i).toISOString(),
      correlationId: randomUUID(),
      actor: { kind: "system", component: "sms-gateway" },
      data: failed
        ? { challengeId: randomUUID(), provider: "acme-sms", errorCode: "30003" }
        : { challengeId: randomUUID(), provider: "acme-sms", messageId: `m-${i}` },
    }),
  };
};

const db = await createTestDatabase("ingest_bench");
const k = await createTestKafka("ingest-bench");
const store = await createPostgresEventStore({ connectionString: db.url });
try {
  const topic = await k.createTopic("bench-inbound", PARTITIONS);
  const dlqTopic = await k.createTopic("bench-dlq", 1);
  process.stdout.write(`producing ${EVENTS} inbound events… `);
  const producer = createIdempotentProducer(k.kafka);
  await producer.connect();
  const messages = Array.from({ length: EVENTS }, (_, i) => inbound(i));
  for (let i = 0; i < EVENTS; i += 1_000) await publish(producer, topic, messages.slice(i, i + 1_000));
  await producer.disconnect();
  console.log("done");

  // Baseline: raw consumer reading (and JSON-parsing) the same messages.
  const raw = k.kafka.consumer({ groupId: k.groupId("raw") });
  await raw.connect();
  await raw.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let t0 = performance.now();
  await new Promise<void>((resolve) => {
    void raw.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) if (m.value) JSON.parse(m.value.toString("utf8"));
        seen += batch.messages.length;
        if (seen >= EVENTS) resolve();
      },
    });
  });
  const baselineMs = performance.now() - t0;
  await raw.disconnect();

  // Reference: the store alone — the same events appended directly (validated, grouped per user
  // stream per 500, 8 streams at a time), into a database of its own. Shows how much of ingest is the store.
  const refDb = await createTestDatabase("ingest_bench_ref");
  const refStore = await createPostgresEventStore({ connectionString: refDb.url });
  const parsed = messages.map((m) => {
    const r = domainValidator(JSON.parse(m.value));
    if (!r.ok) throw new Error(r.reason);
    return r.event;
  });
  t0 = performance.now();
  for (let i = 0; i < parsed.length; i += 500) {
    const streams = new Map<string, typeof parsed>();
    for (const e of parsed.slice(i, i + 500)) streams.set(e.userId, [...(streams.get(e.userId) ?? []), e]);
    const queue = [...streams.values()];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          await refStore.appendToStream(
            userStreamId(next[0]!.userId),
            next.map((e) => e.event),
            { expectedRevision: "any" },
          );
        }
      }),
    );
  }
  const storeMs = performance.now() - t0;
  await refStore.close();
  await refDb.drop();

  // Ingest: validate (zod) → append per user stream → DLQ if needed → commit.
  const admin = k.kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
  await admin.disconnect();
  const committed = new Map<number, string>();
  const stop = new AbortController();
  const ingest = createIngest({
    store,
    kafka: k.kafka,
    topic,
    dlqTopic,
    groupId: k.groupId("ingest"),
    validate: domainValidator,
    now: () => new Date(),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 32),
    partitionsConsumedConcurrently: Number(process.env.BENCH_PARTITIONS_CONCURRENTLY ?? 1),
    onCommitted: ({ partition, offset }) => {
      committed.set(partition, offset);
      if ([...ends].every(([p, high]) => (committed.get(p) ?? "0") === high)) stop.abort();
    },
  });
  t0 = performance.now();
  await ingest.run(stop.signal);
  const ingestMs = performance.now() - t0;

  const rate = (ms: number) => Math.round((EVENTS / ms) * 1000);
  console.log(
    `ingest events/s from Kafka:         ${rate(ingestMs).toLocaleString("en")} (${(ingestMs / 1000).toFixed(2)} s)`,
  );
  console.log(
    `baseline raw kafkajs consumer ev/s: ${rate(baselineMs).toLocaleString("en")} (${(baselineMs / 1000).toFixed(2)} s)`,
  );
  console.log(`ratio ingest / baseline:            ${(baselineMs / ingestMs).toFixed(2)}`);
  console.log(
    `reference: store appends alone ev/s: ${rate(storeMs).toLocaleString("en")} (${(storeMs / 1000).toFixed(2)} s)`,
  );
  console.log(`ratio ingest / store alone:         ${(storeMs / ingestMs).toFixed(2)}`);
} finally {
  await store.close();
  await k.cleanup();
  await db.drop();
}
