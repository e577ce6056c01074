export { itTakesTheEventStoreSetting } from "./config-cases";
export { useFixture, useTestDatabase, useTestKafka } from "./fixtures";
export { createTestKafka, type TestKafka } from "./kafka";
export { itRedactsCodesSecretsAndPhones } from "./logger-cases";
export { createTestDatabase, type TestDatabase } from "./postgres";
export {
  isCI,
  kafkaBrokers,
  postgresAdminUrl,
  requireKafka,
  requirePostgres,
  ServiceUnavailableError,
} from "./services";
export { expectSubscriptionCaughtUp } from "./subscription-metrics";
