export { itTakesTheEventStoreSetting } from "./config-cases";
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
