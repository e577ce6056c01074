/**
 * The user-state fold as a snapshot-aware reader needs it: stored records in (validated and
 * upcast), plain JSON out and back for the snapshot. Used by the verifier and the support API
 * through the event store's `loadFolded`.
 */
import type { JsonObject, StoredEventLike } from "../events/stored-event";
import { fromStoredEvent } from "../events/stored-event";
import { evolve } from "./evolve";
import { USER_STATE_SNAPSHOT_VERSION } from "./snapshot-version";
import { initialState, type UserState } from "./state";

export const userStateFold = {
  version: USER_STATE_SNAPSHOT_VERSION,
  initial: initialState,
  evolve: (state: UserState, record: StoredEventLike): UserState => evolve(state, fromStoredEvent(record)),
  /** The state is plain JSON data (no undefined fields, no dates): stored as is. */
  toJson: (state: UserState): JsonObject => state as unknown as JsonObject,
  fromJson: (json: JsonObject): UserState => json as unknown as UserState,
};
