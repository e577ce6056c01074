import type { EventData, EventOf, EventType } from "./catalogue";
import { uuidV7 } from "./uuid-v7";

/** Test-only helper (not exported from the package): a valid event of `type` with `data`. */
let seq = 0;
export const makeEvent = <T extends EventType>(
  type: T,
  version: EventOf<T>["version"],
  data: EventData<T>,
  overrides: Partial<Omit<EventOf<T>, "type" | "data" | "version">> = {},
): EventOf<T> => {
  seq++;
  const random = new Uint8Array(10);
  random[9] = seq % 256;
  random[8] = Math.floor(seq / 256) % 256;
  return {
    eventId: uuidV7(1_764_000_000_000 + seq, random),
    type,
    version,
    userId: "user-1",
    factorId: "factor-1",
    occurredAt: "2026-11-26T10:00:00.000Z",
    correlationId: "corr-1",
    actor: { kind: "user" },
    data,
    ...overrides,
  } as EventOf<T>;
};
