export * from "./otp";
export * from "./diagnosis";
export * from "./patterns";
export * from "./events";
export * from "./decider";
