export { createTestDatabase, type TestDatabase } from "./postgres";
export { createTestKafka, type TestKafka } from "./kafka";
export {
  isCI,
  kafkaBrokers,
  postgresAdminUrl,
  requireKafka,
  requirePostgres,
  ServiceUnavailableError,
} from "./services";
