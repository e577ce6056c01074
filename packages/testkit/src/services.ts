/**
 * Where the real PostgreSQL and Kafka for tests live, and a loud, actionable failure when they
 * are not there. Under CI=true a missing service is always a failure; outside CI the message
 * says which service is missing and the command that starts it.
 */
import net from "node:net";

export const isCI = process.env.CI === "true" || process.env.CI === "1";

/** Admin URL (any database) of the test PostgreSQL; tests get their own database from it. */
export function postgresAdminUrl(): string {
  return (
    process.env.FACTORLENS_TEST_DATABASE_URL ??
    `postgres://postgres@127.0.0.1:${process.env.FACTORLENS_PG_PORT ?? "54329"}/postgres`
  );
}

export function kafkaBrokers(): string[] {
  const raw =
    process.env.FACTORLENS_TEST_KAFKA_BROKERS ?? `127.0.0.1:${process.env.FACTORLENS_KAFKA_PORT ?? "9092"}`;
  return raw
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
}

export class ServiceUnavailableError extends Error {
  override name = "ServiceUnavailableError";
}

function tcpReachable(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function requireService(name: string, host: string, port: number, start: string): Promise<void> {
  if (await tcpReachable(host, port)) return;
  const message =
    `\n\n  ✖ ${name} is not reachable at ${host}:${port}.\n` +
    `    This test talks to a real ${name}. Start it with:  ${start}\n` +
    `    (or point the tests elsewhere: see README "Testing").\n` +
    (isCI ? "    CI=true: a missing service is a failure, never a skip.\n" : "");
  console.error(message);
  throw new ServiceUnavailableError(message);
}

export async function requirePostgres(): Promise<void> {
  const url = new URL(postgresAdminUrl());
  await requireService("PostgreSQL", url.hostname, Number(url.port || 5432), "infra/postgres/up");
}

export async function requireKafka(): Promise<void> {
  const [first] = kafkaBrokers();
  const [host = "127.0.0.1", port = "9092"] = (first ?? "127.0.0.1:9092").split(":");
  await requireService("Kafka", host, Number(port), "infra/kafka/up");
}
