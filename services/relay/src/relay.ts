/**
 * Store → Kafka `tfa.events.v1`. Follows the store from its checkpoint, publishes each batch with
 * the idempotent producer (acks = all) and moves the checkpoint (compare-and-set) only after the
 * broker acknowledged. A crash between the two republishes the batch under the same event ids
 * (consumers dedupe on the `event-id` header); nothing is lost. Every event passes the redaction
 * check before anything of its batch is sent: one that fails it is published redacted and counted
 * (the relay never stops on it); only an event it cannot key stops the relay.
 */
import type { EventStore, RecordedEvent } from "@factorlens/event-store";
import {
  assertRedacted,
  createIdempotentProducer,
  encodeEvent,
  KafkaIntegrationError,
  type Logger,
  publish,
  type RedactionFinding,
  redactSecretMaterial,
  silentLogger,
} from "@factorlens/kafka";
import { notReady, READY, type Readiness } from "@factorlens/service-kit";
import type { Kafka, Message } from "kafkajs";
import { RelayError } from "./errors";
import type { RelayMetrics } from "./metrics";

export interface RelayHooks {
  /** Called after the broker acknowledged a batch and before its checkpoint is stored (fault tests). */
  afterPublish?(events: RecordedEvent[]): void | Promise<void>;
  /** Called after the checkpoint of a batch is stored. */
  afterCheckpoint?(position: bigint, count: number): void;
}

export interface RelayDeps {
  store: EventStore;
  kafka: Kafka;
  topic: string;
  subscriberId: string;
  logger?: Logger;
  batchSize?: number;
  maxInFlightRequests?: number;
  hooks?: RelayHooks;
  metrics?: RelayMetrics;
  /**
   * A batch not acknowledged for this long, or a broker probe not answered for this long, makes the
   * relay unready. Default 3000 ms.
   */
  stallAfterMs?: number;
  /** While idle the relay asks the broker for its metadata this often (default 1000 ms). */
  probeEveryMs?: number;
}

export interface Relay {
  /** Runs until `signal` aborts (resolves) or a batch cannot be relayed (rejects with RelayError or the cause). */
  run(signal: AbortSignal): Promise<void>;
  /**
   * Ready while the producer is connected, the store subscription runs, no batch is stuck and the
   * broker answers its probe; else why not.
   */
  ready(): Readiness;
}

/**
 * Encodes and checks one event; the error names the event and the paths, never the values. An
 * event that fails the check (one stored before free text was screened at the edge) is published
 * redacted: denied fields left out, strings with a full phone number replaced, the paths listed in
 * `metadata.redactedFields`. Only an event that cannot be keyed (or whose key would leak) stops.
 */
export function toMessage(event: RecordedEvent): { message: Message; redacted: RedactionFinding[] } {
  try {
    const { value, findings } = redactSecretMaterial({ data: event.data, metadata: event.metadata });
    const safe: RecordedEvent =
      findings.length === 0
        ? event
        : {
            ...event,
            data: value.data,
            metadata: { ...value.metadata, redactedFields: findings.map((f) => f.path) },
          };
    assertRedacted({ data: safe.data, metadata: safe.metadata }, `event ${event.id} (${event.type})`);
    const message = encodeEvent(safe);
    assertRedacted({ key: message.key }, `key of event ${event.id}`);
    return { message, redacted: findings };
  } catch (e) {
    if (
      e instanceof KafkaIntegrationError &&
      (e.code === "secret_material" || e.code === "unroutable_event")
    ) {
      throw new RelayError(e.code, e.message, { cause: e });
    }
    throw e;
  }
}

export function createRelay(deps: RelayDeps): Relay {
  const logger = deps.logger ?? silentLogger;
  const { store, topic, subscriberId, metrics } = deps;
  let connected = false;
  let looping = false;
  let publishingSince: Date | null = null;
  const stallAfterMs = deps.stallAfterMs ?? 3000;
  const probe = brokerProbe(deps.kafka, deps.probeEveryMs ?? 1000);
  const encode = (events: RecordedEvent[]) => {
    try {
      return events.map((event) => {
        const { message, redacted } = toMessage(event);
        if (redacted.length > 0) {
          for (const rule of new Set(redacted.map((f) => f.rule))) metrics?.redacted.inc({ rule });
          logger.warn(
            { eventId: event.id, type: event.type, paths: redacted.map((f) => `${f.path} (${f.rule})`) },
            "event published redacted",
          );
        }
        return message;
      });
    } catch (e) {
      if (e instanceof RelayError && (e.code === "secret_material" || e.code === "unroutable_event"))
        metrics?.refused(e.code);
      throw e;
    }
  };
  return {
    ready() {
      if (!connected) return notReady("relay: not connected to the broker");
      if (!looping) return notReady("relay: not following the event store");
      const overdue = (since: Date | null): since is Date =>
        since !== null && Date.now() - since.getTime() >= stallAfterMs;
      if (overdue(publishingSince)) {
        return notReady(
          `relay stalled since ${publishingSince.toISOString()}: a batch to ${topic} is not acknowledged`,
        );
      }
      const unanswered = probe.unansweredSince();
      if (overdue(unanswered)) {
        return notReady(`relay: the broker has not answered since ${unanswered.toISOString()}`);
      }
      return READY;
    },
    async run(signal) {
      const producer = createIdempotentProducer(deps.kafka, {
        maxInFlightRequests: deps.maxInFlightRequests ?? 1,
      });
      producer.on(producer.events.CONNECT, () => {
        connected = true;
      });
      producer.on(producer.events.DISCONNECT, () => {
        connected = false;
      });
      await producer.connect();
      const probing = probe.run(signal);
      try {
        looping = true;
        let checkpoint = await store.checkpoints.load(subscriberId);
        logger.info({ subscriberId, topic, checkpoint: checkpoint?.toString() ?? null }, "relay starting");
        await store.subscribeToAll(
          {
            signal,
            batchSize: deps.batchSize ?? 500,
            ...(checkpoint === null ? {} : { fromPosition: checkpoint }),
          },
          async (events) => {
            const last = events[events.length - 1];
            if (!last) return;
            publishingSince = new Date();
            const started = performance.now();
            const messages = encode(events);
            await publish(producer, topic, messages);
            metrics?.published.inc(events.length);
            await deps.hooks?.afterPublish?.(events);
            const stored = await store.checkpoints.store(subscriberId, last.position, checkpoint);
            if (!stored) {
              throw new RelayError(
                "checkpoint_conflict",
                `checkpoint of ${subscriberId} was moved by another writer; is a second relay running?`,
              );
            }
            checkpoint = last.position;
            metrics?.checkpoint.set(Number(last.position));
            metrics?.publishDuration.observe((performance.now() - started) / 1000);
            publishingSince = null;
            deps.hooks?.afterCheckpoint?.(last.position, events.length);
          },
        );
        logger.info({ subscriberId, checkpoint: checkpoint?.toString() ?? null }, "relay stopped");
      } catch (error) {
        logger.error(
          { subscriberId, err: { name: (error as Error).name, message: (error as Error).message } },
          "relay failed",
        );
        throw error;
      } finally {
        looping = false;
        publishingSince = null;
        await Promise.all([probing.stop(), producer.disconnect()]);
      }
    },
  };
}

/**
 * An idle producer sends nothing, so a frozen broker (connections open, nothing answering) would go
 * unnoticed until the next batch. The probe asks the broker for its metadata every `everyMs`; one
 * request is outstanding at a time, and how long it has been waiting is what readiness reads.
 */
function brokerProbe(kafka: Kafka, everyMs: number) {
  let unansweredSince: Date | null = null;
  return {
    unansweredSince: () => unansweredSince,
    run(signal: AbortSignal) {
      const admin = kafka.admin();
      const stopped = new AbortController();
      const until = AbortSignal.any([signal, stopped.signal]);
      const aborted = new Promise<void>((r) => until.addEventListener("abort", () => r(), { once: true }));
      const done = (async () => {
        let connected = false;
        while (!until.aborted) {
          unansweredSince ??= new Date();
          const asked = (async () => {
            if (!connected) await admin.connect();
            connected = true;
            await admin.describeCluster();
            unansweredSince = null;
          })().catch(() => {
            // refused or timed out: still unanswered; the next probe asks again
          });
          await Promise.race([asked, aborted]);
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([new Promise((r) => (timer = setTimeout(r, everyMs))), aborted]);
          clearTimeout(timer);
        }
      })();
      return {
        async stop() {
          stopped.abort();
          await done;
          unansweredSince = null;
          await admin.disconnect().catch(() => undefined);
        },
      };
    },
  };
}

export { RelayError, type RelayErrorCode } from "./errors";
export { createRelayMetrics, type LagProbe, type RelayMetrics } from "./metrics";
