import { z } from "zod";
import {
  ChallengeFailed,
  ChallengeIssued,
  ChallengePassed,
  GuessBudgetExhausted,
  LockedOut,
  MismatchDiagnosed,
  RecoveryCodesIssued,
  RecoveryCodeUsed,
  Unlocked,
} from "./challenge-events";
import {
  DriftLearned,
  DriftReset,
  FactorDisabled,
  FactorDisableRefused,
  FactorEnrollmentAbandoned,
  FactorEnrollmentConfirmed,
  FactorEnrollmentFailed,
  FactorEnrollmentStarted,
  FactorReset,
  HotpResynced,
  SecretRotated,
} from "./factor-events";
import { SmsCodeExpired, SmsDelivered, SmsDeliveryFailed, SmsDispatched } from "./sms-events";
import { SmsBlockLifted, SmsSendRefused } from "./sms-guard-events";
import { SupportActionTaken, SupportLookupFailed, SupportLookupPerformed } from "./support-events";

/** Current schema of every event type. Adding a type here adds it to the union and the registry. */
export const EVENT_SCHEMAS = {
  FactorEnrollmentStarted,
  FactorEnrollmentConfirmed,
  FactorEnrollmentFailed,
  FactorEnrollmentAbandoned,
  FactorDisabled,
  FactorDisableRefused,
  FactorReset,
  SecretRotated,
  RecoveryCodesIssued,
  RecoveryCodeUsed,
  DriftLearned,
  DriftReset,
  HotpResynced,
  ChallengeIssued,
  ChallengePassed,
  ChallengeFailed,
  MismatchDiagnosed,
  LockedOut,
  GuessBudgetExhausted,
  Unlocked,
  SmsDispatched,
  SmsDelivered,
  SmsDeliveryFailed,
  SmsCodeExpired,
  SmsSendRefused,
  SmsBlockLifted,
  SupportLookupPerformed,
  SupportLookupFailed,
  SupportActionTaken,
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

type EventSchema = (typeof EVENT_SCHEMAS)[EventType];
export const FactorlensEventSchema = z.discriminatedUnion(
  "type",
  Object.values(EVENT_SCHEMAS) as [EventSchema, ...EventSchema[]],
);

export type FactorlensEvent = z.infer<typeof FactorlensEventSchema>;
export type EventOf<T extends EventType> = Extract<FactorlensEvent, { type: T }>;
export type EventData<T extends EventType> = EventOf<T>["data"];
/** The envelope fields shared by every event (everything but type, version and data). */
export type EventEnvelope = Omit<FactorlensEvent, "type" | "version" | "data" | "factorId"> & {
  factorId?: string;
};

export interface RegistryEntry<T extends EventType = EventType> {
  version: EventOf<T>["version"];
  schema: (typeof EVENT_SCHEMAS)[T];
}

/** type → { current version, schema }. */
export const EVENT_REGISTRY = Object.fromEntries(
  EVENT_TYPES.map((type) => [
    type,
    { version: EVENT_SCHEMAS[type].shape.version.value, schema: EVENT_SCHEMAS[type] },
  ]),
) as { [T in EventType]: RegistryEntry<T> };

export const currentVersion = (type: EventType): number => EVENT_REGISTRY[type].version;
export const isEventType = (type: string): type is EventType => Object.hasOwn(EVENT_SCHEMAS, type);
