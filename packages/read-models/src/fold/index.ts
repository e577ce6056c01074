/**
 * One pure fold per read-model table: `evolve<Table>(row | null, event) → row`. The projector
 * applies them to a batch; the support API's live feed applies them to the stored rows and the
 * events committed since. Where a rule is the domain's (factor status, lockout), they ask it.
 */
export {
  type AttemptRows,
  attemptKeysOf,
  DISABLE_REASON_PREFIX,
  ENROLLMENT_REASON_PREFIX,
  evolveAttempt,
  foldAttemptEvent,
} from "./attempt";
export { type FoldContext, phonePrefix, resolveContext } from "./context";
export { evolveFactorStatus } from "./factor-status";
export { evolveUserStatus, isLockedNow } from "./user-status";
