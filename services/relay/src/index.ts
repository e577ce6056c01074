/** Public API of the relay service (the platform composes it; tests drive it). */
export { loadConfig, RELAY_DEFAULTS, type RelayConfig, type RelayDefaults } from "./config";
export * from "./relay";
export { start } from "./start";
