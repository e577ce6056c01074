export * from "./codec";
export * from "./consumer";
export * from "./dlq";
export * from "./errors";
export * from "./producer";
export * from "./redact";
export * from "./settings";
export * from "./topics";
