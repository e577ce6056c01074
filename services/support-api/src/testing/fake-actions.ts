import type { SupportActionResult, SupportActions, SupportActor } from "../ports";

export interface RecordedAction {
  kind: "lookup" | "unlock" | "resetDrift" | "resetFactor" | "disableFactor" | "note" | "liftSmsBlock";
  actor: SupportActor;
  userId: string;
  detail: unknown;
  /** A lookup that found no user or was refused. */
  failure?: string;
}

/** Records every support action; a user listed in `missing` answers NOT_FOUND. */
export function createFakeActions(options: { missing?: string[]; failLookups?: boolean } = {}) {
  const log: RecordedAction[] = [];
  let revision = 0;
  const done = (
    kind: RecordedAction["kind"],
    actor: SupportActor,
    userId: string,
    detail: unknown,
  ): SupportActionResult => {
    if (options.missing?.includes(userId))
      return { ok: false, code: "NOT_FOUND", message: "No such user." } as const;
    log.push({ kind, actor, userId, detail });
    revision += 1;
    return { ok: true, eventIds: [`evt-${revision}`], revision };
  };
  const actions: SupportActions = {
    async recordLookup(actor, userId, fields, failure) {
      if (options.failLookups) throw new Error("event store unavailable: connection refused 10.0.0.7");
      log.push({ kind: "lookup", actor, userId, detail: fields, ...(failure ? { failure } : {}) });
    },
    async unlockUser(actor, userId, input): Promise<SupportActionResult> {
      return done("unlock", actor, userId, input);
    },
    async resetDrift(actor, userId, input) {
      return done("resetDrift", actor, userId, input);
    },
    async resetFactor(actor, userId, input) {
      return done("resetFactor", actor, userId, input);
    },
    async disableFactor(actor, userId, input) {
      return done("disableFactor", actor, userId, input);
    },
    async liftSmsBlock(actor, input) {
      return done("liftSmsBlock", actor, `sms-guard:${input.numberPrefix}`, input);
    },
    async addTicketNote(actor, userId, input) {
      return done("note", actor, userId, input);
    },
  };
  return { actions, log };
}
