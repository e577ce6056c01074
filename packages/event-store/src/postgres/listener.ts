/**
 * One dedicated connection that LISTENs on the store's channel and bumps a ChangeSignal on every
 * notification. If the connection drops it reconnects with a capped back-off; subscribers keep
 * polling meanwhile, so a lost notification only costs latency, never an event.
 */
import type pg from "pg";
import { createChangeSignal } from "../shared/subscribe-loop";

export interface NotifyListener {
  changes: ReturnType<typeof createChangeSignal>;
  /** Starts listening (idempotent). Resolves once the first LISTEN succeeded or failed. */
  start(): Promise<void>;
  close(): Promise<void>;
  readonly connected: boolean;
}

/** `pool.connect` of the store's pool: the listener holds one client of it for good. */
export function createNotifyListener(pool: pg.Pool, channel: string): NotifyListener {
  const changes = createChangeSignal();
  let client: pg.PoolClient | null = null;
  let started: Promise<void> | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let backoffMs = 100;

  async function connect(): Promise<void> {
    if (closed) return;
    let c: pg.PoolClient;
    try {
      c = await pool.connect();
    } catch {
      scheduleReconnect();
      return;
    }
    let released = false;
    const drop = (err?: Error) => {
      if (released) return;
      released = true;
      if (client === c) client = null;
      c.release(err ?? new Error("listener connection ended"));
      scheduleReconnect();
    };
    c.on("error", drop);
    c.on("end", () => drop());
    c.on("notification", () => changes.bump());
    try {
      await c.query(`LISTEN "${channel}"`);
    } catch (e) {
      drop(e as Error);
      return;
    }
    if (closed) {
      released = true;
      c.release(true);
      return;
    }
    client = c;
    backoffMs = 100;
    changes.bump(); // notifications may have been missed while disconnected
  }

  function scheduleReconnect() {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, backoffMs);
    retryTimer.unref();
    backoffMs = Math.min(backoffMs * 2, 5_000);
  }

  return {
    changes,
    start() {
      started ??= connect();
      return started;
    },
    get connected() {
      return client !== null;
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners("end");
        c.removeAllListeners("error");
        c.on("error", () => {});
        c.release(true);
      }
    },
  };
}
