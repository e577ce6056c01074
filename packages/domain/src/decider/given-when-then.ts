/** Test-only (not exported from the package): given(events).when(command).thenEmits(events) for the decider. */
import { expect } from "vitest";
import {
  type Actor,
  EVENT_REGISTRY,
  type EventData,
  type EventOf,
  type EventType,
  type FactorlensEvent,
  isDomainError,
  parseEvent,
} from "../events";
import { makeEvent } from "../events/test-fixtures";
import type { UserCommand } from "./commands";
import { decide, replay } from "./decide";
import type { DeciderPolicy } from "./policy";
import type { UserState } from "./state";

export const NOW = new Date("2026-11-26T10:00:00.000Z");
export const USER: Actor = { kind: "user" };
export const SUPPORT: Actor = { kind: "support", agentId: "agent-7", ticketRef: "TCK-42" };
export const ADMIN: Actor = { kind: "admin", clientId: "backoffice" };
export const FP = "sha256:0123456789abcdef";
export const FP2 = "sha256:fedcba9876543210";

export const at = (offsetMs: number): Date => new Date(NOW.getTime() + offsetMs);
export const minutes = (n: number): number => n * 60_000;

type CommandOf<T extends UserCommand["type"]> = Extract<UserCommand, { type: T }>;
export const cmd = <T extends UserCommand["type"]>(
  type: T,
  data: CommandOf<T>["data"],
  opts: { now?: Date; actor?: Actor } = {},
): CommandOf<T> =>
  ({
    type,
    userId: "user-1",
    metadata: { now: opts.now ?? NOW, actor: opts.actor ?? USER, correlationId: "corr-1" },
    data,
  }) as CommandOf<T>;

/** A given event at `occurredAt` (default: 10 minutes before NOW, so not "fresh"). */
export const ev = <T extends EventType>(
  type: T,
  data: EventData<T>,
  opts: { factorId?: string | null; at?: Date } = {},
): EventOf<T> => {
  const base = makeEvent(type, EVENT_REGISTRY[type].version as EventOf<T>["version"], data, {
    occurredAt: (opts.at ?? at(-minutes(10))).toISOString(),
  } as Partial<Omit<EventOf<T>, "type" | "data" | "version">>);
  if (opts.factorId === null) {
    const { factorId: _, ...rest } = base as EventOf<T> & { factorId?: string };
    return rest as EventOf<T>;
  }
  return { ...base, factorId: opts.factorId ?? "factor-1" };
};

export type Expected = { type: EventType; data: unknown; factorId?: string };

/** An event the decision should emit: `type`, `data` and its factor (default "factor-1"). */
export const emitted = <T extends EventType>(
  type: T,
  data: EventData<T>,
  factorId = "factor-1",
): Expected => ({
  type,
  factorId,
  data,
});

const shape = (e: FactorlensEvent): Expected =>
  e.factorId === undefined
    ? { type: e.type, data: e.data }
    : { type: e.type, data: e.data, factorId: e.factorId };

let idSeq = 0;
export const newId = (): string => {
  idSeq++;
  return `0190a5d0-0000-7000-8000-${idSeq.toString(16).padStart(12, "0")}`;
};

export const given = (events: FactorlensEvent[], policy: Partial<DeciderPolicy> = {}) => {
  const state = replay(events);
  return {
    state,
    when: (command: UserCommand) => {
      const run = () => decide(command, state, { newId, policy });
      return {
        /** Asserts the emitted events (type, data, factorId) and that each one passes its schema. */
        thenEmits: (expected: Expected[]): { events: FactorlensEvent[]; state: UserState } => {
          const events = run();
          for (const e of events) expect(parseEvent(JSON.parse(JSON.stringify(e)))).toEqual(e);
          expect(events.map(shape)).toEqual(expected);
          return { events, state: replay(events, state) };
        },
        thenThrows: (code: string): void => {
          let thrown: unknown;
          try {
            run();
          } catch (e) {
            thrown = e;
          }
          expect(isDomainError(thrown), `expected DomainError ${code}, got ${String(thrown)}`).toBe(true);
          expect((thrown as { code: string }).code).toBe(code);
        },
      };
    },
  };
};

// ---- common histories ----
export const totpStarted = (factorId = "factor-1") =>
  ev(
    "FactorEnrollmentStarted",
    { method: "totp", params: { algorithm: "SHA1", digits: 6, period: 30 }, secretFingerprint: FP },
    { factorId },
  );
export const hotpStarted = (factorId = "factor-h") =>
  ev(
    "FactorEnrollmentStarted",
    { method: "hotp", params: { algorithm: "SHA1", digits: 6 }, secretFingerprint: FP },
    { factorId },
  );
export const smsStarted = (factorId = "factor-s") =>
  ev(
    "FactorEnrollmentStarted",
    { method: "sms", maskedPhone: "+44 •••• ••12 34", country: "GB" },
    { factorId },
  );
export const confirmedTotp = (factorId = "factor-1", acceptedStep = 100, opts: { at?: Date } = {}) =>
  ev("FactorEnrollmentConfirmed", { method: "totp", acceptedStep, offset: 0 }, { factorId, ...opts });
export const confirmedHotp = (factorId = "factor-h", nextCounter = 1) =>
  ev("FactorEnrollmentConfirmed", { method: "hotp", nextCounter }, { factorId });
export const activeTotp = (factorId = "factor-1") => [totpStarted(factorId), confirmedTotp(factorId)];
export const mismatch = (n: number, consecutiveFailures = n) =>
  ev("ChallengeFailed", { method: "totp", attemptId: `a${n}`, reason: "code_mismatch", consecutiveFailures });
/** mismatch(1) … mismatch(n): a run of n counted failures. */
export const mismatches = (n: number) => Array.from({ length: n }, (_, i) => mismatch(i + 1));
