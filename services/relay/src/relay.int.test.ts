import { randomUUID } from "node:crypto";
import {
  createPostgresEventStore,
  type EventStore,
  type NewEvent,
  userStreamId,
} from "@factorlens/event-store";
import { decodeEvent, findSecretMaterial, HEADERS } from "@factorlens/kafka";
import { metricValue } from "@factorlens/service-kit";
import { useFixture, useTestDatabase, useTestKafka } from "@factorlens/testkit";
import { describe, expect, it } from "vitest";
import { createRelay, createRelayMetrics, RelayError } from "./relay";
import { challengeEvent } from "./testing/events";

const USERS = 17;
const challenge = (userId: string, i: number): NewEvent =>
  challengeEvent(userId, {
    type: i % 3 === 0 ? "ChallengeSucceeded" : "ChallengeFailed",
    data: {
      phoneLast4: "0123",
      secretFingerprint: "sha256:ab12",
      context: { ip: "203.0.113.7", country: "DE" },
    },
    metadata: { correlationId: randomUUID() },
  });

/** Appends `count` events in appends of 5; returns their ids and the highest position. */
async function appendMany(
  store: EventStore,
  count: number,
  offset = 0,
): Promise<{ ids: string[]; last: bigint }> {
  const ids: string[] = [];
  let last = 0n;
  for (let i = offset; i < offset + count; i += 5) {
    const userId = `user-${i % USERS}`;
    const events = Array.from({ length: Math.min(5, offset + count - i) }, (_, j) =>
      challenge(userId, i + j),
    );
    const r = await store.appendToStream(userStreamId(userId), events, { expectedRevision: "any" });
    ids.push(...events.map((e) => e.id));
    if (r.position > last) last = r.position;
  }
  return { ids, last };
}

describe("relay on the real PostgreSQL store and the real broker", () => {
  const db = useTestDatabase("relay");
  const k = useTestKafka("relay-test");
  const store = useFixture(
    () => createPostgresEventStore({ connectionString: db.url, pollIntervalMs: 100 }),
    (s) => s.close(),
  );

  it("survives a stop, a crash between publish and checkpoint, and live appends: every event at least once, one id per event, nothing secret", async () => {
    const topic = await k.createTopic("events", 3);
    const subscriberId = "relay-a";
    const relayWith = (hooks: Parameters<typeof createRelay>[0]["hooks"]) =>
      createRelay({ store, kafka: k.kafka, topic, subscriberId, batchSize: 40, hooks });
    const first = await appendMany(store, 300);

    // 1. Stopped (abort) after some batches.
    const stop1 = new AbortController();
    let relayed = 0;
    await relayWith({
      afterCheckpoint: (_p, n) => {
        relayed += n;
        if (relayed >= 100) stop1.abort();
      },
    }).run(stop1.signal);
    const afterStop = await store.checkpoints.load(subscriberId);
    expect(afterStop).not.toBeNull();

    // 2. Killed after the broker acknowledged a batch, before its checkpoint.
    let batches = 0;
    const crashed = relayWith({
      afterPublish: () => {
        if (++batches === 2) throw new Error("killed between publish and checkpoint");
      },
    }).run(new AbortController().signal);
    await expect(crashed).rejects.toThrow("killed between publish and checkpoint");

    // 3. Restarted; more events are appended while it runs (live subscription).
    const stop3 = new AbortController();
    // (positions come from the appends: readAll may lag while any transaction on the cluster is open)
    let target = first.last;
    let reached: () => void = () => {};
    const reach = (position: bigint) =>
      new Promise<void>((resolve) => {
        target = position;
        reached = resolve;
      });
    let caughtUp = reach(target);
    const running = relayWith({ afterCheckpoint: (p) => p >= target && reached() }).run(stop3.signal);
    await caughtUp;
    const more = await appendMany(store, 60, 300);
    caughtUp = reach(more.last);
    if ((await store.checkpoints.load(subscriberId)) !== target) await caughtUp;
    stop3.abort();
    await running;
    expect(await store.checkpoints.load(subscriberId)).toBe(more.last);

    const storedIds = new Set([...first.ids, ...more.ids]);
    expect(storedIds.size).toBe(360);
    const messages = await k.readUntil(
      topic,
      (ms) => new Set(ms.map((m) => m.headers?.[HEADERS.eventId]?.toString())).size >= storedIds.size,
    );

    const idsByPosition = new Map<string, Set<string>>();
    const seen = new Map<string, number>();
    for (const m of messages) {
      const { key, headers, envelope } = decodeEvent(m);
      expect(headers[HEADERS.eventId]).toBe(envelope.id);
      expect(key).toBe(envelope.data.userId);
      expect(findSecretMaterial({ key, headers, envelope })).toEqual([]);
      seen.set(envelope.id, (seen.get(envelope.id) ?? 0) + 1);
      const ids = idsByPosition.get(envelope.position) ?? new Set();
      ids.add(envelope.id);
      idsByPosition.set(envelope.position, ids);
    }
    expect([...storedIds].filter((id) => !seen.has(id))).toEqual([]); // none lost
    expect([...seen.keys()].filter((id) => !storedIds.has(id))).toEqual([]); // no new ids
    expect([...idsByPosition.values()].every((ids) => ids.size === 1)).toBe(true); // one id per event
    expect([...seen.values()].some((n) => n > 1)).toBe(true); // the crashed batch was republished
  });

  it.each([
    [
      "a secret-like field",
      { secret: "JBSWY3DPEHPK3PXP" },
      "data.secret",
      "JBSWY3DPEHPK3PXP",
      "denied_field",
    ],
    ["a full phone number", { note: "sent to +14155550123" }, "data.note", "4155550123", "full_phone_number"],
    [
      "a phone number in the user agent",
      { context: { ip: "203.0.113.7", userAgent: "app +44 7911 123456" } },
      "data.context.userAgent",
      "7911 123456",
      "full_phone_number",
    ],
  ])(
    "publishes an old event carrying %s redacted, counts it, and goes on with the next event",
    async (_what, extra, path, value, rule) => {
      const topic = await k.createTopic("redact", 1);
      const subscriberId = `relay-${randomUUID()}`;
      const before = challenge("user-x", 1);
      const bad: NewEvent = { ...challenge("user-x", 2), data: { ...challenge("user-x", 2).data, ...extra } };
      const after = challenge("user-x", 4);
      const { position: from } = await store.appendToStream(userStreamId("user-x"), [before], {
        expectedRevision: "any",
      });
      await store.checkpoints.store(subscriberId, from - 1n, null); // start just before `before`
      await store.appendToStream(userStreamId("user-x"), [bad], { expectedRevision: "any" });
      const { position: last } = await store.appendToStream(userStreamId("user-x"), [after], {
        expectedRevision: "any",
      });

      const metrics = createRelayMetrics();
      const stop = new AbortController();
      const relay = createRelay({ store, kafka: k.kafka, topic, subscriberId, batchSize: 1, metrics });
      const running = relay.run(stop.signal);
      // Fails at once if the relay stops on such an event, instead of waiting forever.
      const stopped = running.then(() => Promise.reject(new Error("the relay stopped")));
      stopped.catch(() => {}); // after our abort below it stops on purpose
      const published = await Promise.race([k.readUntil(topic, 3), stopped]);
      stop.abort();
      await running; // resolves: the relay did not stop on the event

      expect(published.map((m) => m.headers?.[HEADERS.eventId]?.toString())).toEqual([
        before.id,
        bad.id,
        after.id,
      ]);
      const copy = decodeEvent(published[1]!).envelope;
      expect(findSecretMaterial(copy)).toEqual([]);
      expect(JSON.stringify(copy)).not.toContain(value);
      expect(copy.metadata).toMatchObject({ redactedFields: [path] });
      expect((copy.data as { attemptId: string }).attemptId).toBe(
        (bad.data as { attemptId: string }).attemptId,
      );
      expect(await store.checkpoints.load(subscriberId)).toBe(last);
      const text = await metrics.registry.metrics();
      expect(metricValue(text, `factorlens_relay_redacted_events_total{rule="${rule}"}`)).toBe(1);
      expect(text).not.toContain(value);
    },
  );

  it("stops with checkpoint_conflict when another instance moved the checkpoint (never two relays advancing one)", async () => {
    const topic = await k.createTopic("conflict", 1);
    const subscriberId = `relay-${randomUUID()}`;
    const { position } = await store.appendToStream(userStreamId("user-c"), [challenge("user-c", 1)], {
      expectedRevision: "any",
    });
    await store.checkpoints.store(subscriberId, position - 1n, null);
    const run = createRelay({
      store,
      kafka: k.kafka,
      topic,
      subscriberId,
      hooks: {
        // a second instance advances the checkpoint while this one is between publish and CAS
        afterPublish: async () => void (await store.checkpoints.store(subscriberId, position, position - 1n)),
      },
    }).run(new AbortController().signal);
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelayError);
    expect((error as RelayError).code).toBe("checkpoint_conflict");
  });
});
