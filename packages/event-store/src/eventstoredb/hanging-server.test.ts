/**
 * A server that accepts TCP connections and never answers: the client has been seen to hang
 * forever against one. Every call of the adapter must fail `unavailable` within its bound.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventStoreError } from "../errors";
import { createEventStoreDbStore } from "./eventstoredb-event-store";

const TIMEOUT_MS = 300;
let server: net.Server;
const sockets = new Set<net.Socket>();
let port = 0;

beforeAll(async () => {
  server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function expectUnavailableWithinBound(run: () => Promise<unknown>) {
  const t0 = performance.now();
  const error = await run().then(
    () => new Error("call succeeded against a mute server"),
    (e: unknown) => e,
  );
  const elapsed = performance.now() - t0;
  expect(error).toBeInstanceOf(EventStoreError);
  expect((error as EventStoreError).code).toBe("unavailable");
  expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_000);
}

describe("EventStoreDB adapter against a server that never answers", () => {
  it("fails every call `unavailable` within its timeout", async () => {
    const store = createEventStoreDbStore({
      connectionString: `esdb://127.0.0.1:${port}?tls=false`,
      callTimeoutMs: TIMEOUT_MS,
    });
    try {
      const id = "00000000-0000-4000-8000-000000000001";
      await expectUnavailableWithinBound(() =>
        store.appendToStream("tfa-user-1", [{ id, type: "T", data: {} }], { expectedRevision: "no_stream" }),
      );
      await expectUnavailableWithinBound(() =>
        store.appendToStream("tfa-user-1", [{ id, type: "T", data: {} }], { expectedRevision: "any" }),
      );
      await expectUnavailableWithinBound(() => store.readStream("tfa-user-1"));
      await expectUnavailableWithinBound(() => store.streamRevision("tfa-user-1"));
      await expectUnavailableWithinBound(() => store.readAll({ maxCount: 10 }));
      await expectUnavailableWithinBound(() => store.checkpoints.load("projector"));
      await expectUnavailableWithinBound(() => store.checkpoints.store("projector", 1n, null));
      await expectUnavailableWithinBound(() => store.deleteStream("tfa-user-1"));
      const abort = new AbortController();
      await expectUnavailableWithinBound(() =>
        store.subscribeToAll({ signal: abort.signal }, async () => {}),
      );
      expect(sockets.size).toBeGreaterThan(0); // the client did connect: the server just never answered
    } finally {
      await store.close();
    }
  });
});
