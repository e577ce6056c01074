export * from "./commands";
export { createUserDecider, decide, replay } from "./decide";
export type { DeciderDeps } from "./emit";
export { evolve } from "./evolve";
export * from "./policy";
export * from "./state";
