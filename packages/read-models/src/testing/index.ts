export { dumpTables } from "./dump";
export { DEMO_PUMPING_PREFIX, type FraudPopulation, fraudPopulation, STUFFING_NET } from "./fraud-population";
export { type GeneratedUser, generateEvents, generateUser } from "./generate-events";
export { scriptEvents } from "./script";
