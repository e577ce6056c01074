import { type FactorlensEvent, uuidV7 } from "@factorlens/domain";

/**
 * Events for a hand-written test script: the n-th event happens at `t0 + n × stepMs`, with a
 * UUIDv7 of that time (the `seed` byte keeps two scripts' ids apart). Each call is the next event;
 * `fields` overrides the envelope (userId, factorId, context, actor), `data` is the payload.
 */
export function scriptEvents(options: { userId: string; t0: number; stepMs: number; seed: number }) {
  let n = 0;
  return (type: string, fields: Record<string, unknown>, data: Record<string, unknown>): FactorlensEvent => {
    n++;
    const at = options.t0 + n * options.stepMs;
    return {
      eventId: uuidV7(at, Uint8Array.of(n & 0xff, n >> 8, 0, 0, 0, 0, 0, 0, 0, options.seed)),
      type,
      version: type === "ChallengeFailed" ? 2 : 1,
      userId: options.userId,
      occurredAt: new Date(at).toISOString(),
      correlationId: `c${n}`,
      actor: { kind: "user" },
      ...fields,
      data,
    } as FactorlensEvent;
  };
}
