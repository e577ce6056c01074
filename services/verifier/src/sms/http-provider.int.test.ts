import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VerifierError } from "../errors";
import { createHttpSmsProvider } from "./http-provider";

const received: { auth?: string; body: unknown }[] = [];
const gateway = Fastify();
gateway.post("/send", async (req, reply) => {
  received.push({ auth: req.headers.authorization, body: req.body });
  const to = (req.body as { to: string }).to;
  if (to === "+15550000000") return reply.code(500).send({ error: "carrier down" });
  if (to === "+15550000001") return { nothing: true };
  if (to === "+15550000002") return { id: "msg-\u0000" }; // an id the event store cannot hold
  return { id: `msg-${received.length}` };
});
let url = "";
beforeAll(async () => {
  await gateway.listen({ port: 0, host: "127.0.0.1" });
  url = `http://127.0.0.1:${(gateway.server.address() as { port: number }).port}/send`;
});
afterAll(async () => gateway.close());

describe("generic HTTP SMS provider (a real HTTP gateway on loopback)", () => {
  it("posts the message with the configured Authorization and returns the gateway's message id", async () => {
    const provider = createHttpSmsProvider({ url, authorization: "Bearer gw-token" });
    const res = await provider.send({ to: "+447911123456", body: "Your code is 123456", reference: "ch-1" });
    expect(res.providerMessageId).toMatch(/^msg-/);
    expect(received.at(-1)).toEqual({
      auth: "Bearer gw-token",
      body: { to: "+447911123456", body: "Your code is 123456", reference: "ch-1" },
    });
  });

  it("fails with sms_failed, never echoing the number or the body", async () => {
    const provider = createHttpSmsProvider({ url });
    for (const to of ["+15550000000", "+15550000001", "+15550000002"]) {
      const err = await provider
        .send({ to, body: "Your code is 654321", reference: "r" })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VerifierError);
      expect((err as VerifierError).code).toBe("sms_failed");
      expect((err as Error).message).not.toMatch(/555000|654321/);
    }
    const down = createHttpSmsProvider({ url: "http://127.0.0.1:1/send", timeoutMs: 500 });
    await expect(down.send({ to: "+447911123456", body: "x", reference: "r" })).rejects.toMatchObject({
      code: "sms_failed",
    });
  });
});
