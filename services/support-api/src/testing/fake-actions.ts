import type { SupportActionResult, SupportActions, SupportActor } from "../ports";

export interface RecordedAction {
  kind: "lookup" | "unlock" | "resetDrift" | "resetFactor" | "note";
  actor: SupportActor;
  userId: string;
  detail: unknown;
}

/** Records every support action; a user listed in `missing` answers NOT_FOUND. */
export function createFakeActions(options: { missing?: string[]; failLookups?: boolean } = {}) {
  const log: RecordedAction[] = [];
  let revision = 0;
  const done = (kind: RecordedAction["kind"], actor: SupportActor, userId: string, detail: unknown) => {
    if (options.missing?.includes(userId))
      return { ok: false, code: "NOT_FOUND", message: "No such user." } as const;
    log.push({ kind, actor, userId, detail });
    revision += 1;
    return { ok: true, eventId: `evt-${revision}`, revision } as const;
  };
  const actions: SupportActions = {
    async recordLookup(actor, userId, fields) {
      if (options.failLookups) throw new Error("event store unavailable: connection refused 10.0.0.7");
      log.push({ kind: "lookup", actor, userId, detail: fields });
    },
    async unlockUser(actor, userId, reason): Promise<SupportActionResult> {
      return done("unlock", actor, userId, reason);
    },
    async resetDrift(actor, userId, factorId) {
      return done("resetDrift", actor, userId, factorId);
    },
    async resetFactor(actor, userId, factorId, reason) {
      return done("resetFactor", actor, userId, { factorId, reason });
    },
    async addTicketNote(actor, userId, note) {
      return done("note", actor, userId, note);
    },
  };
  return { actions, log };
}
