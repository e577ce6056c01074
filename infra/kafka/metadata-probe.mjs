// Exits 0 when the broker answers a metadata request (used by infra/kafka/up and status).
import { createRequire } from "node:module";

const require = createRequire(new URL("../../package.json", import.meta.url));
const { Kafka, logLevel } = require("kafkajs");
const broker = process.argv[2] ?? "127.0.0.1:9092";
const admin = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
const timer = setTimeout(() => process.exit(1), 5000);
try {
  await admin.connect();
  await admin.describeCluster();
  await admin.disconnect();
  clearTimeout(timer);
  process.exit(0);
} catch {
  process.exit(1);
}
