export * from "./decider";
export * from "./diagnosis";
export * from "./events";
export * from "./otp";
export * from "./patterns";
