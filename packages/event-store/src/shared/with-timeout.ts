import { EventStoreError } from "../errors";

/**
 * Bounds a call by our own timer, whatever the driver does: a client that hangs forever (a server
 * that accepts the connection but never answers) becomes `unavailable` after `ms`. The timer is
 * always cleared so it never keeps the process alive.
 */
export async function withTimeout<T>(ms: number, what: string, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EventStoreError("unavailable", `event store: ${what} timed out after ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([run(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
