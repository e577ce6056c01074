/**
 * A schema-driven fuzz of the verifier's HTTP API, in-process: requests derived from the OpenAPI
 * document (schemas/openapi/verifier.json) go through `app.inject` to the verifier on in-memory
 * ports, and every answer is checked against the document (see api-fuzz/checks.ts).
 * FACTORLENS_FUZZ_RUNS (default 2000) and FACTORLENS_FUZZ_SEED change the run; a failure prints
 * the seed, each failed check once per operation, and its smallest example.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInMemoryHarness, type InMemoryHarness } from "../testing/in-memory";
import { readContract } from "./api-fuzz/contract";
import { generate, hintsFor, runCases, type Seeded, seed } from "./api-fuzz/run";
import { OPENAPI_PATH } from "./openapi-write";

const RUNS = Number(process.env.FACTORLENS_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FACTORLENS_FUZZ_SEED ?? 20261203);

describe("API fuzz against the OpenAPI document", () => {
  const { operations } = readContract(JSON.parse(readFileSync(OPENAPI_PATH, "utf8")));
  let h: InMemoryHarness;
  let seeded: Seeded;
  beforeAll(async () => {
    h = await createInMemoryHarness();
    seeded = await seed(h);
  });
  afterAll(() => h.close());

  it(
    `${RUNS} generated requests: no 5xx, documented statuses, types and bodies (seed ${SEED})`,
    async () => {
      const started = performance.now();
      const cases = generate(operations, hintsFor(seeded), SEED, RUNS);
      const groups = await runCases(h, operations, cases, seeded);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const report = [...groups.values()].map((g) => `${g.key} ×${g.count}: ${g.message}\n    ${g.example}`);
      console.log(
        `api fuzz: ${cases.length} cases, ${operations.length} operations, ${seconds} s, seed ${SEED}`,
      );
      if (report.length > 0) console.log(`api fuzz failures (seed ${SEED}):\n${report.join("\n")}`);
      expect(report, `seed ${SEED}`).toEqual([]);
    },
    // a bound, not a speed check: 2,000 cases take 20-35 s alone, over 80 s on a loaded machine
    Math.max(120_000, RUNS * 100),
  );
});

/** Cases the fuzz found, kept as fixed examples (each failed before its fix). */
describe("API fuzz findings, fixed", () => {
  let h: InMemoryHarness;
  beforeAll(async () => {
    h = await createInMemoryHarness();
  });
  afterAll(() => h.close());
  const enroll = { authorization: "Bearer account-enroll-key-0123456789" };

  it("a path that exists with another method is a 405 problem+json naming the methods in Allow (was 404)", async () => {
    for (const [method, url, allow] of [
      ["TRACE", "/v1/verify", "POST"],
      ["GET", "/v1/verify?x=1", "POST"],
      ["PATCH", "/v1/users/u-1/recovery-codes", "POST"],
    ] as const) {
      const r = await h.app.inject({ method, url, headers: enroll });
      expect([url, r.statusCode, r.headers.allow]).toEqual([url, 405, allow]);
      expect(r.headers["content-type"]).toMatch(/^application\/problem\+json/);
    }
    const unknown = await h.app.inject({ method: "GET", url: "/v1/nothing-here", headers: enroll });
    expect([unknown.statusCode, unknown.headers.allow]).toEqual([404, undefined]);
  });

  it("resyncing a TOTP factor is a 409 wrong-method problem (was 404: the factor exists)", async () => {
    const enrolled = await h.app.inject({
      method: "POST",
      url: "/v1/users/u-resync/factors",
      headers: enroll,
      payload: { method: "totp" },
    });
    expect(enrolled.statusCode).toBe(201);
    const resync = (factorId: string) =>
      h.app.inject({
        method: "POST",
        url: `/v1/users/u-resync/factors/${factorId}/resync`,
        headers: enroll,
        payload: { code1: "123456", code2: "654321" },
      });
    const r = await resync(enrolled.json().factorId);
    expect([r.statusCode, r.json().type]).toEqual([409, "https://factorlens.dev/problems/wrong-method"]);
    expect((await resync("no-such-factor")).statusCode).toBe(404);
  });

  it("a phone number whose calling code is not in use is a 400 naming body.phone (was a 400 naming no field)", async () => {
    const r = await h.app.inject({
      method: "POST",
      url: "/v1/users/u-phone/factors",
      headers: enroll,
      payload: { method: "sms", phone: "+999123456789" },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([
      {
        field: "body.phone",
        message: "must be an E.164 number with a calling code in use, such as +447911123456",
      },
    ]);
  });

  it("a malformed percent-encoding in a path is a 400 problem+json (was fastify's plain JSON)", async () => {
    const r = await h.app.inject({ method: "POST", url: "/v1/users/%zz/recovery-codes", headers: enroll });
    expect(r.statusCode).toBe(400);
    expect(r.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("an id past the router's limit is a documented 414 problem+json", async () => {
    const r = await h.app.inject({
      method: "POST",
      url: `/v1/users/${"a".repeat(300)}/recovery-codes`,
      headers: enroll,
    });
    expect(r.statusCode).toBe(414);
    expect(r.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const doc = JSON.parse(readFileSync(OPENAPI_PATH, "utf8"));
    expect(Object.keys(doc.paths["/v1/users/{userId}/recovery-codes"].post.responses)).toContain("414");
  });

  it("a text/plain body is a 415 (fastify parsed it as a string: 400 naming body)", async () => {
    const r = await h.app.inject({
      method: "POST",
      url: "/v1/users/u1/factors",
      headers: { ...enroll, "content-type": "text/plain" },
      payload: '{"method":"totp"}',
    });
    expect(r.statusCode).toBe(415);
  });

  it('"." as a factor id is refused by the document and the server alike (a dot-segment: never addressable)', async () => {
    const doc = JSON.parse(readFileSync(OPENAPI_PATH, "utf8"));
    const { operations } = readContract(doc);
    const disable = operations.find((o) => o.id === "disableFactor")!;
    expect(disable.pathParams[1]!.validate(".")).toBe(false);
  });

  it("the document states the storable-text rule: a NUL in a receipt's messageId is invalid by the schema", () => {
    const { operations } = readContract(JSON.parse(readFileSync(OPENAPI_PATH, "utf8")));
    const receipt = operations.find((o) => o.id === "recordSmsReceipt")!;
    expect(receipt.body!.validate({ messageId: "m\u0000", status: "delivered" })).toBe(false);
    expect(receipt.body!.validate({ messageId: "m😀", status: "delivered" })).toBe(true);
  });

  it("the document names each operation's scopes (a verify key is refused on enrollment: 403)", async () => {
    const { operations } = readContract(JSON.parse(readFileSync(OPENAPI_PATH, "utf8")));
    expect(operations.find((o) => o.id === "startEnrollment")!.scopes).toEqual(["enroll", "admin"]);
    const r = await h.app.inject({
      method: "POST",
      url: "/v1/users/u1/factors",
      headers: { authorization: "Bearer login-verify-key-0123456789" },
      payload: { method: "totp" },
    });
    expect(r.statusCode).toBe(403);
  });
});
