export * from "./commands";
export { createUserDecider, decide, replay } from "./decide";
export type { DeciderDeps } from "./emit";
export { evolve } from "./evolve";
export * from "./policy";
export {
  guardConversion,
  isAllowListed,
  type SmsGuardPolicy,
  type SmsGuardWindow,
  smsGuardUserId,
  smsGuardVerdict,
} from "./sms-guard";
export { deriveSnapshotVersion, USER_STATE_SNAPSHOT_VERSION } from "./snapshot-version";
export * from "./state";
export { userStateFold } from "./user-state-fold";
