import { writeFileSync } from "node:fs";
import { printSupportSchema, SCHEMA_FILE } from "./print-schema";

writeFileSync(SCHEMA_FILE, printSupportSchema());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
