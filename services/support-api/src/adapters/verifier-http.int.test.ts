import { randomBytes } from "node:crypto";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encodeBase32, hotpCode } from "@factorlens/domain";
import { createPostgresEventStore, type EventStore, userStreamId } from "@factorlens/event-store";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { loadConfig, type WiredVerifier, wireVerifier } from "@factorlens/verifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSupportApiError } from "../errors";
import { createHttpVerifierClient } from "./verifier-http";

/** The HTTP client against a real verifier (its own composition root) on real PostgreSQL. */
const ADMIN_KEY = `support-admin-${randomBytes(12).toString("hex")}`;
let db: TestDatabase;
let store: EventStore;
let verifier: WiredVerifier;
let baseUrl: string;
let silent: Server;
const secret = randomBytes(20);
const code = (c: number) => hotpCode(secret, { algorithm: "SHA1", digits: 6 }, c);
let factorId: string;

beforeAll(async () => {
  db = await createTestDatabase("support_verifier");
  db.pool.on("error", () => {});
  store = await createPostgresEventStore({ pool: db.pool });
  const config = loadConfig({
    DATABASE_URL: db.url,
    PORT: "0",
    FACTORLENS_MASTER_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    FACTORLENS_API_KEYS: `support:admin:${ADMIN_KEY}`,
    FACTORLENS_RATE_LIMIT_PER_USER: "1000",
    LOG_LEVEL: "error",
  });
  verifier = await wireVerifier(config, { store });
  await verifier.app.listen({ host: "127.0.0.1", port: 0 });
  baseUrl = `http://127.0.0.1:${(verifier.app.server.address() as AddressInfo).port}`;
  const call = async (path: string, body: unknown) => {
    const r = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return (await r.json()) as Record<string, unknown>;
  };
  factorId = String(
    (await call("/v1/users/hank/factors", { method: "hotp", secret: encodeBase32(secret) })).factorId,
  );
  expect((await call(`/v1/users/hank/factors/${factorId}/confirm`, { code: code(0) })).confirmed).toBe(true);
  silent = createHttpServer(() => {}); // accepts and never answers
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
});

afterAll(async () => {
  silent?.closeAllConnections();
  silent?.close();
  await verifier?.close();
  await db?.drop();
});

describe("createHttpVerifierClient on a real verifier", () => {
  it("resyncs from two consecutive codes; the verifier appends HotpResynced", async () => {
    const client = createHttpVerifierClient({ baseUrl, apiKey: ADMIN_KEY });
    const input = { userId: "hank", factorId };
    expect(await client.resyncHotp({ ...input, code1: code(40), code2: code(42) })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
    });
    expect(await client.resyncHotp({ ...input, code1: code(40), code2: code(41) })).toEqual({ ok: true });
    const types = (await store.readStream(userStreamId("hank"))).map((e) => e.type);
    expect(types).toContain("HotpResynced");
    expect(
      await client.resyncHotp({ userId: "hank", factorId: "no-such-factor", code1: code(1), code2: code(2) }),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("a refused key, an unreachable or a silent verifier are UNAVAILABLE, without the codes", async () => {
    const input = { userId: "hank", factorId, code1: "493021", code2: "118274" };
    const failures = [
      createHttpVerifierClient({ baseUrl, apiKey: "not-the-key-0123456789" }),
      createHttpVerifierClient({ baseUrl: "http://127.0.0.1:1", apiKey: ADMIN_KEY }),
      createHttpVerifierClient({
        baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        apiKey: ADMIN_KEY,
        timeoutMs: 200,
      }),
    ];
    for (const client of failures) {
      const error = await client.resyncHotp(input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSupportApiError(error) && error.code).toBe("UNAVAILABLE");
      expect(String((error as Error).message)).not.toMatch(/493021|118274/);
    }
  });
});
