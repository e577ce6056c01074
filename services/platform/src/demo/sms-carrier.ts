/**
 * The demo's SMS carrier: the verifier's generic HTTP SMS provider posts `{ to, body, reference }`
 * here; the carrier "delivers" the message to the simulated phone (or fails, or delivers late) and
 * reports a delivery receipt to the verifier's `POST /v1/sms/receipts`, as a real carrier would.
 * Codes reach only the simulated phones in memory; nothing is logged.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { VerifierClient } from "./verifier-client";

export type DeliveryPlan =
  | { kind: "deliver"; delayMs: number }
  | { kind: "fail"; carrierErrorCode: string; delayMs: number };

export interface DemoCarrier {
  /** The URL to configure as FACTORLENS_SMS_HTTP_URL. */
  url: string;
  /** How the next messages to `phone` are handled (default: delivered after 0.5–1.5 s). */
  setPlan(phone: string, plan: () => DeliveryPlan): void;
  /** The next code delivered to `phone` (waits for it). */
  nextCode(phone: string, signal: AbortSignal): Promise<string>;
  /** Where to send delivery receipts; receipts wait until this is set. */
  attach(client: VerifierClient): void;
  readonly counts: { accepted: number; delivered: number; failed: number };
  close(): Promise<void>;
}

interface Inbox {
  codes: string[];
  waiters: ((code: string) => void)[];
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

export async function startDemoCarrier(host = "127.0.0.1"): Promise<DemoCarrier> {
  const plans = new Map<string, () => DeliveryPlan>();
  const inboxes = new Map<string, Inbox>();
  const counts = { accepted: 0, delivered: 0, failed: 0 };
  const timers = new Set<NodeJS.Timeout>();
  let client: VerifierClient | null = null;
  let pending: (() => void)[] = [];
  let seq = 0;
  const inbox = (phone: string): Inbox => {
    const box = inboxes.get(phone) ?? { codes: [], waiters: [] };
    inboxes.set(phone, box);
    return box;
  };
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const receipt = (r: Parameters<VerifierClient["smsReceipt"]>[0]) => {
    const send = () => void client?.smsReceipt(r).catch(() => undefined);
    if (client) send();
    else pending.push(send);
  };

  const server = createServer((req, res) => {
    readJson(req)
      .then((json) => {
        const msg = json as { to?: unknown; body?: unknown };
        if (req.method !== "POST" || typeof msg.to !== "string" || typeof msg.body !== "string") {
          res.writeHead(400).end();
          return;
        }
        const id = `demo-carrier-${++seq}`;
        counts.accepted++;
        const to = msg.to;
        const code = /\b(\d{6,8})\b/.exec(msg.body)?.[1];
        const plan = plans.get(to)?.() ?? { kind: "deliver", delayMs: 500 + (seq % 10) * 100 };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id }));
        later(plan.delayMs, () => {
          if (plan.kind === "fail") {
            counts.failed++;
            receipt({ messageId: id, status: "failed", carrierErrorCode: plan.carrierErrorCode });
            return;
          }
          counts.delivered++;
          receipt({ messageId: id, status: "delivered" });
          if (code === undefined) return;
          const box = inbox(to);
          const waiter = box.waiters.shift();
          if (waiter) waiter(code);
          else box.codes.push(code);
        });
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(400).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/messages`,
    counts,
    setPlan: (phone, plan) => void plans.set(phone, plan),
    nextCode(phone, signal) {
      const box = inbox(phone);
      const ready = box.codes.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          box.waiters = box.waiters.filter((w) => w !== waiter);
          reject(signal.reason);
        };
        const waiter = (code: string) => {
          signal.removeEventListener("abort", onAbort);
          resolve(code);
        };
        box.waiters.push(waiter);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
    attach(c) {
      client = c;
      for (const send of pending) send();
      pending = [];
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
