/**
 * The trust model on the real broker and store: a forged security decision on `tfa.inbound.v1`
 * is dead-lettered as `type_not_allowed` and the user's lockout and replay state stay as they were.
 */
import { randomBytes, randomUUID } from "node:crypto";
import {
  createUserDecider,
  createUuidV7Generator,
  type FactorlensEvent,
  fromStoredEvent,
  isLockedOut,
  replay,
  toStoredEvent,
  type UserCommand,
} from "@factorlens/domain";
import { userStreamId } from "@factorlens/event-store";
import { DLQ_HEADERS, readHeaders } from "@factorlens/kafka";
import { describe, expect, it } from "vitest";
import { createIngest, domainValidator } from "./ingest";
import { useIngestWorld } from "./test-world";

const NOW = new Date("2026-11-26T10:00:00.000Z");
const USER = "victim-1";
const newId = createUuidV7Generator({
  now: () => NOW.getTime(),
  randomBytes: (n) => new Uint8Array(randomBytes(n)),
});
const decider = createUserDecider({ newId });
const command = (type: UserCommand["type"], data: unknown): UserCommand =>
  ({
    type,
    userId: USER,
    metadata: { now: NOW, actor: { kind: "user" }, correlationId: "c" },
    data,
  }) as UserCommand;

/** The verifier's own history: an active TOTP factor (step 100 accepted), then 5 wrong codes → locked. */
function verifierHistory(): FactorlensEvent[] {
  const events: FactorlensEvent[] = [];
  const run = (c: UserCommand) => events.push(...decider.decide(c, replay(events)));
  run(
    command("StartEnrollment", {
      factorId: "f1",
      method: "totp",
      params: { algorithm: "SHA1", digits: 6, period: 30 },
      secretFingerprint: "sha256:0123456789abcdef",
    }),
  );
  run(
    command("ConfirmEnrollment", {
      factorId: "f1",
      verification: { method: "totp", check: { ok: true, step: 100, offset: 0 } },
    }),
  );
  for (let i = 0; i < 5; i++) {
    run(
      command("VerifyCode", {
        factorId: "f1",
        attemptId: `w${i}`,
        verification: { method: "totp", check: { ok: false, reason: "mismatch" } },
      }),
    );
  }
  return events;
}

const forged = (type: string, data: Record<string, unknown>) => ({
  eventId: randomUUID(),
  type,
  version: type === "ChallengeFailed" ? 2 : 1,
  userId: USER,
  factorId: "f1",
  occurredAt: NOW.toISOString(),
  correlationId: randomUUID(),
  actor: { kind: "user" },
  data,
});

describe("inbound security decisions on the real broker and store", () => {
  const w = useIngestWorld("ingest-trust");

  it("dead-letters an inbound ChallengePassed (far-future step) and ChallengeFailed; lockout and replay state unchanged", async () => {
    const history = verifierHistory();
    await w.store.appendToStream(userStreamId(USER), history.map(toStoredEvent), { expectedRevision: "any" });
    const before = replay(history);
    expect(isLockedOut(before, NOW)).toBe(true);

    const topic = await w.k.createTopic("inbound", 1);
    const dlqTopic = await w.k.createTopic("inbound-dlq", 1);
    const attacks = [
      forged("ChallengePassed", { method: "totp", attemptId: "x1", step: 99_999_999, offset: 0 }),
      forged("ChallengeFailed", {
        method: "totp",
        attemptId: "x2",
        reason: "code_mismatch",
        consecutiveFailures: 1,
      }),
      forged("Unlocked", { by: "support", reason: "forged" }),
    ];
    const receipt = {
      ...forged("SmsDelivered", { challengeId: "ch-1", provider: "acme" }),
      actor: { kind: "system", component: "sms" },
    };
    const producer = w.k.kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [...attacks, receipt].map((e) => ({ key: USER, value: JSON.stringify(e) })),
    });
    await producer.disconnect();

    const stop = new AbortController();
    await createIngest({
      store: w.store,
      kafka: w.k.kafka,
      topic,
      dlqTopic,
      groupId: w.k.groupId("trust"),
      validate: domainValidator,
      now: () => NOW,
      onCommitted: ({ offset }) => offset === "4" && stop.abort(),
    }).run(stop.signal);

    const stored = await w.store.readStream(userStreamId(USER));
    const folded = stored.map((r) => fromStoredEvent(r));
    // Only the SMS receipt got in, marked as read from the bus.
    expect(folded.slice(history.length).map((e) => [e.type, e.origin])).toEqual([
      ["SmsDelivered", "inbound"],
    ]);
    const after = replay(folded);
    expect(after.lockout).toEqual(before.lockout);
    expect(isLockedOut(after, NOW)).toBe(true);
    expect(after.factors.f1?.lastAcceptedStep).toBe(100);

    const dead = await w.k.readUntil(dlqTopic, attacks.length);
    expect(dead.map((m) => readHeaders(m.headers)[DLQ_HEADERS.reason]?.split(":")[0])).toEqual(
      attacks.map(() => "type_not_allowed"),
    );
  });
});
