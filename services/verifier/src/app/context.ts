/**
 * What every use case of the application service shares: ports, the user-stream loader, the
 * decider bound to our id generator, and the translation of a call context into command metadata.
 */
import {
  type CommandMetadata,
  decide,
  evolve,
  type FactorlensEvent,
  type RecordDiagnosis,
  type UserCommand,
  type UserState,
} from "@factorlens/domain";
import type { EventStore } from "@factorlens/event-store";
import type { Logger } from "pino";
import type { VerifierConfig } from "../config";
import { createDiagnosisAppends, type DiagnosisAppends } from "./diagnosis-appends";
import { createDiagnosisQueue, type DiagnosisQueue } from "./diagnosis-queue";
import { createDiagnosisSearches, type DiagnosisSearches } from "./diagnosis-searches";
import type { AppMetrics, Clock, SecretVault, SmsGuardStore, SmsProvider, VerifierRepo } from "./ports";
import { createSmsCodeMac, type SmsCodeMac } from "./sms-codes";
import type { SmsGuardDeps } from "./sms-guard";
import type { CallContext } from "./types";
import { createUserStreams, type UserStreams } from "./user-streams";

export interface AppDeps {
  store: EventStore;
  vault: SecretVault;
  repo: VerifierRepo;
  clock: Clock;
  newId: () => string;
  smsProvider: SmsProvider;
  logger: Logger;
  config: VerifierConfig;
  metrics: AppMetrics;
  /** The SMS guard's shared store (used when `config.smsGuard` is on). */
  smsGuardStore?: SmsGuardStore;
}

export interface AppContext extends AppDeps {
  streams: UserStreams;
  decide: (command: UserCommand, state: UserState) => FactorlensEvent[];
  smsMac: SmsCodeMac;
  /** Null: the SMS guard is off (config) or has no store. */
  smsGuard: SmsGuardDeps | null;
  diagnoses: DiagnosisQueue;
  diagnosisSearches: DiagnosisSearches;
  diagnosisAppends: DiagnosisAppends<RecordDiagnosis>;
  meta(ctx: CallContext): CommandMetadata;
  now(): Date;
}

export function createAppContext(deps: AppDeps): AppContext {
  const activeKey = deps.config.masterKeys.find((k) => k.id === deps.config.activeKeyId);
  if (!activeKey) throw new Error("active master key missing from config");
  const streams = createUserStreams({
    store: deps.store,
    cacheSize: deps.config.stateCacheSize,
    snapshotEvery: deps.config.stateSnapshotEvery,
    onConflict: () => deps.metrics.storeConflicts.inc(),
    onSnapshotError: (e) =>
      deps.logger.warn(
        { err: { type: (e as Error)?.name, errorCode: (e as { code?: string })?.code } },
        "state snapshot not stored",
      ),
  });
  const decideWith = (command: UserCommand, state: UserState) =>
    decide(command, state, { newId: deps.newId, policy: deps.config.policy });
  return {
    ...deps,
    streams,
    diagnosisSearches: createDiagnosisSearches(1_000),
    diagnosisAppends: createDiagnosisAppends<RecordDiagnosis>({
      // the diagnoses of one user that queued up meanwhile: decided in order, appended together
      append: (userId, commands) =>
        streams.execute(userId, ({ state }) => {
          const events: FactorlensEvent[] = [];
          let s = state;
          for (const c of commands) {
            const decided = decideWith(c, s);
            s = decided.reduce(evolve, s);
            events.push(...decided);
          }
          return { events, result: undefined };
        }),
      onError: (e) =>
        deps.logger.warn(
          { err: { type: (e as Error)?.name, errorCode: (e as { code?: string })?.code } },
          "diagnosis not recorded",
        ),
      onDropped: () => deps.metrics.diagnoses.inc({ pattern: "dropped" }),
    }),
    decide: decideWith,
    smsMac: createSmsCodeMac(activeKey.key),
    smsGuard:
      deps.config.smsGuard && deps.smsGuardStore
        ? { store: deps.smsGuardStore, config: deps.config.smsGuard }
        : null,
    diagnoses: createDiagnosisQueue({
      logger: deps.logger,
      onDropped: () => deps.metrics.diagnoses.inc({ pattern: "dropped" }),
    }),
    now: () => new Date(deps.clock.now()),
    meta(ctx) {
      const context: CommandMetadata["context"] = {};
      if (ctx.ip) context.ip = ctx.ip;
      if (ctx.userAgent) context.userAgent = ctx.userAgent;
      if (ctx.deviceId) context.deviceId = ctx.deviceId;
      if (ctx.loginAttemptId) context.loginAttemptId = ctx.loginAttemptId;
      return {
        now: new Date(deps.clock.now()),
        actor: ctx.actor,
        correlationId: ctx.correlationId,
        ...(Object.keys(context).length > 0 ? { context } : {}),
      };
    },
  };
}

/** The first event of a type among those a decision produced. */
export const eventOf = <T extends FactorlensEvent["type"]>(events: readonly FactorlensEvent[], type: T) =>
  events.find((e): e is Extract<FactorlensEvent, { type: T }> => e.type === type);

/** Seconds until `iso` (at least 1), for Retry-After. */
export const secondsUntil = (iso: string, now: Date): number =>
  Math.max(1, Math.ceil((Date.parse(iso) - now.getTime()) / 1000));
