/**
 * A dedicated, throwaway Kafka broker for outage tests: single-node KRaft from the jars
 * `infra/kafka/libs` resolves (the same ones `infra/kafka/up` runs), `infra/kafka/server.properties`
 * on two free loopback ports, its own temp log dir. Tests freeze it (SIGSTOP), thaw it, kill it
 * (SIGKILL) and start it again on the same ports and data; the shared broker on 9092 is never
 * touched. The JVM runs under a watchdog shell that kills it and removes its log dir when the test
 * process goes away (its stdin pipe closes), so a crashed or killed test run leaves nothing behind.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { HEADERS } from "@factorlens/kafka";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { Kafka, logLevel } from "kafkajs";
import { freePort, REPO_ROOT } from "../e2e/platform-process";

export interface KafkaBroker {
  /** `["127.0.0.1:<port>"]`, for KAFKA_BROKERS and kafkajs. */
  brokers: string[];
  /** Pid of the running JVM (null while it is not running). */
  pid(): number | null;
  /** SIGSTOP of the JVM: connections stay open and nothing answers (a frozen VM, a GC pause). */
  freeze(): void;
  /** SIGCONT. */
  thaw(): void;
  /** SIGKILL of the JVM; resolves once it is gone (its ports refuse connections). */
  kill(): Promise<void>;
  /** Starts the broker on the same ports and log dir; resolves once it answers a metadata request. */
  start(timeoutMs?: number): Promise<void>;
  /** The broker's output so far (warnings and the server's start/stop lines). */
  output(): string;
  /** Kills the broker (if running) and removes its log dir. Never throws. */
  destroy(): Promise<void>;
}

const INFRA = join(REPO_ROOT, "infra/kafka");

const run = promisify(execFile);

async function libsDir(): Promise<string> {
  const { stdout } = await run(join(INFRA, "libs"), [], { encoding: "utf8" });
  const dir = stdout.trim().split("\n").pop();
  if (!dir) throw new Error("infra/kafka/libs printed no directory");
  return dir;
}

/** Resolves once `admin.describeCluster()` answers, or rejects after `timeoutMs`. */
async function waitForMetadata(broker: string, alive: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive()) throw new Error(`broker ${broker} exited during start`);
    const admin = new Kafka({
      brokers: [broker],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 1000,
      requestTimeout: 2000,
    }).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`broker ${broker} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

export async function startKafkaBroker(opts: { heap?: string } = {}): Promise<KafkaBroker> {
  const cp = `${await libsDir()}/*`;
  const root = mkdtempSync(join(tmpdir(), "factorlens-kafka-"));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const props = join(root, "server.properties");
  writeFileSync(
    props,
    readFileSync(join(INFRA, "server.properties"), "utf8")
      .replaceAll("@LOG_DIRS@", join(root, "logs"))
      .replaceAll("@CONTROLLER_PORT@", String(controllerPort))
      .replaceAll("@PORT@", String(port)),
  );
  const log4j = `-Dlog4j2.configurationFile=${join(INFRA, "log4j2.properties")}`;
  // A KRaft cluster id is 16 random bytes in URL-safe base64, never starting with "-" (like
  // StorageTool random-uuid: such an id would read as an option).
  let clusterId = "-";
  while (clusterId.startsWith("-")) clusterId = randomBytes(16).toString("base64url");
  try {
    await run("java", ["-cp", cp, log4j, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", props]);
  } catch (e) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`kafka StorageTool format failed: ${(e as Error).message}`);
  }

  const broker = `127.0.0.1:${port}`;
  const lines: string[] = [];
  let child: ChildProcess | null = null;
  let jvm: number | null = null;
  let exited: Promise<void> = Promise.resolve();

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      // The shell prints the JVM's pid, then waits on its stdin: when the pipe closes (this
      // process exited, however), it kills the JVM and removes the log dir, unless told "keep"
      // first (a deliberate kill, to be followed by a restart).
      // Its own output goes nowhere from then on: a write to the dead test's pipe would kill it.
      const watchdog = `java "$@" & echo "pid $!"; read -r keep; exec >/dev/null 2>&1; kill -KILL $!; wait
        [[ "$keep" == keep ]] || rm -rf "$BROKER_ROOT"`;
      const c = spawn(
        "bash",
        ["-c", watchdog, "watchdog"].concat([
          ...(opts.heap ?? "-Xms128m -Xmx512m").split(" "),
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Djava.awt.headless=true",
          log4j,
          `-Dkafka.logs.dir=${root}`,
          "-cp",
          cp,
          "kafka.Kafka",
          props,
        ]),
        { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, BROKER_ROOT: root } },
      );
      child = c;
      exited = new Promise((r) => c.once("close", () => r()));
      let rest = "";
      const onData = (chunk: Buffer) => {
        const parts = (rest + chunk.toString("utf8")).split("\n");
        rest = parts.pop() ?? "";
        for (const line of parts) {
          const m = /^pid (\d+)$/.exec(line);
          if (m && jvm === null) {
            jvm = Number(m[1]);
            resolve();
          } else lines.push(line);
        }
      };
      c.stdout?.on("data", onData);
      c.stderr?.on("data", onData);
      c.once("error", reject);
      c.once("close", () => {
        jvm = null;
        child = null;
        reject(new Error(`broker watchdog exited before the JVM started:\n${lines.join("\n")}`));
      });
    });

  const alive = () => {
    if (jvm === null) return false;
    try {
      process.kill(jvm, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (sig: NodeJS.Signals) => {
    if (jvm !== null) process.kill(jvm, sig);
  };

  const handle: KafkaBroker = {
    brokers: [broker],
    pid: () => jvm,
    freeze: () => signal("SIGSTOP"),
    thaw: () => signal("SIGCONT"),
    async kill() {
      if (jvm === null) return;
      signal("SIGKILL");
      child?.stdin?.end("keep\n"); // the watchdog keeps the log dir and exits
      await exited;
    },
    async start(timeoutMs = 60_000) {
      if (jvm !== null) throw new Error("broker is already running");
      await launch();
      await waitForMetadata(broker, alive, timeoutMs);
    },
    output: () => lines.join("\n"),
    async destroy() {
      try {
        signal("SIGCONT"); // a frozen JVM dies of SIGKILL too, but its watchdog must not wait
        await handle.kill();
      } catch {
        // already gone
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await handle.start(90_000);
  } catch (e) {
    await handle.destroy();
    throw e;
  }
  return handle;
}

/**
 * A dedicated broker and a test database, started side by side. When either fails, the other is
 * removed before the failure is thrown, so a test's cleanup only ever sees both or neither.
 */
export async function startBrokerAndDatabase(
  dbName: string,
): Promise<{ broker: KafkaBroker; db: TestDatabase }> {
  const [b, d] = await Promise.allSettled([startKafkaBroker(), createTestDatabase(dbName)]);
  if (b.status === "fulfilled" && d.status === "fulfilled") return { broker: b.value, db: d.value };
  if (b.status === "fulfilled") await b.value.destroy();
  if (d.status === "fulfilled") await d.value.drop().catch(() => undefined);
  throw b.status === "rejected" ? b.reason : (d as PromiseRejectedResult).reason;
}

/**
 * Every message on `topic` up to its current end, as (event id, value) pairs. Retried: right after
 * a stall the broker may briefly answer "not the leader" (its controller fenced it meanwhile).
 */
export async function readTopicToEnd(
  brokers: string[],
  topic: string,
): Promise<{ id: string; value: string }[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readTopicOnce(brokers, topic);
    } catch (e) {
      if (attempt >= 10) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function readTopicOnce(brokers: string[], topic: string): Promise<{ id: string; value: string }[]> {
  const kafka = new Kafka({ clientId: "faults-topic-reader", brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
  await admin.disconnect();
  const pending = new Set([...ends].filter(([, high]) => high > 0).map(([partition]) => partition));
  const out: { id: string; value: string }[] = [];
  if (pending.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `faults-read-${randomBytes(4).toString("hex")}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${topic} not read to its end within 30 s`)), 30_000);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            if (Number(message.offset) >= (ends.get(partition) ?? 0)) return; // past the end taken
            out.push({
              id: message.headers?.[HEADERS.eventId]?.toString() ?? "(no event-id header)",
              value: message.value?.toString("utf8") ?? "",
            });
            if (Number(message.offset) + 1 >= (ends.get(partition) ?? 0)) pending.delete(partition);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}
