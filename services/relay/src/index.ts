/** Public API of the relay service (the platform composes it; tests drive it). */
export { loadConfig, type RelayConfig } from "./config";
export * from "./relay";
export { type StartRelayOptions, startRelay } from "./start";
