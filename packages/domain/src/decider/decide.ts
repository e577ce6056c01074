import type { FactorlensEvent } from "../events";
import type { UserCommand } from "./commands";
import {
  addTicketNote,
  issueRecoveryCodes,
  recordSmsDispatch,
  recordSmsReceipt,
  recordSupportLookup,
  resetDrift,
  unlock,
} from "./decide-account";
import { issueChallenge, resyncHotp, useRecoveryCode, verifyCode } from "./decide-challenge";
import { confirmEnrollment, disableFactor, resetFactor, startEnrollment } from "./decide-enrollment";
import { recordDiagnosis, recordRateLimited } from "./decide-records";
import { createContext, type DeciderDeps } from "./emit";
import { evolve } from "./evolve";
import { reject } from "./guards";
import { resolvePolicy } from "./policy";
import { guardSmsSend, liftSmsBlock } from "./sms-guard";
import { initialState, type UserState } from "./state";

/**
 * The user 2FA decider: the events a command produces from the current state, or a DomainError.
 * Pure: time comes in `command.metadata.now`, event ids from `deps.newId`.
 */
export const decide = (command: UserCommand, state: UserState, deps: DeciderDeps): FactorlensEvent[] => {
  if (state.userId !== null && state.userId !== command.userId) {
    reject("invalid_command", "command addressed to another user's stream");
  }
  if (Number.isNaN(command.metadata.now.getTime()))
    reject("invalid_command", "metadata.now is not a valid date");
  const ctx = createContext(command, resolvePolicy(deps.policy), deps);
  switch (command.type) {
    case "StartEnrollment":
      return startEnrollment(ctx, state, command);
    case "ConfirmEnrollment":
      return confirmEnrollment(ctx, state, command);
    case "DisableFactor":
      return disableFactor(ctx, state, command);
    case "IssueChallenge":
      return issueChallenge(ctx, state, command);
    case "VerifyCode":
      return verifyCode(ctx, state, command);
    case "RecordDiagnosis":
      return recordDiagnosis(ctx, state, command);
    case "RecordRateLimited":
      return recordRateLimited(ctx, state, command);
    case "IssueRecoveryCodes":
      return issueRecoveryCodes(ctx, state, command);
    case "UseRecoveryCode":
      return useRecoveryCode(ctx, state, command);
    case "RecordSmsDispatch":
      return recordSmsDispatch(ctx, state, command);
    case "RecordSmsReceipt":
      return recordSmsReceipt(ctx, state, command);
    case "GuardSmsSend":
      return guardSmsSend(ctx, state, command);
    case "LiftSmsBlock":
      return liftSmsBlock(ctx, state, command);
    case "Unlock":
      return unlock(ctx, state, command);
    case "ResetDrift":
      return resetDrift(ctx, state, command);
    case "ResyncHotp":
      return resyncHotp(ctx, state, command);
    case "ResetFactor":
      return resetFactor(ctx, state, command);
    case "RecordSupportLookup":
      return recordSupportLookup(ctx, state, command);
    case "AddTicketNote":
      return addTicketNote(ctx, state, command);
  }
};

/** Folds a stream's events into the state. */
export const replay = (events: Iterable<FactorlensEvent>, from: UserState = initialState()): UserState => {
  let state = from;
  for (const e of events) state = evolve(state, e);
  return state;
};

/** Emmett-shaped decider with deps bound: `{ decide(command, state), evolve, initialState }`. */
export const createUserDecider = (deps: DeciderDeps) => ({
  decide: (command: UserCommand, state: UserState): FactorlensEvent[] => decide(command, state, deps),
  evolve,
  initialState,
});
