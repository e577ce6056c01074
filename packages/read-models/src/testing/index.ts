export { dumpTables } from "./dump";
export { type GeneratedUser, generateEvents, generateUser } from "./generate-events";
