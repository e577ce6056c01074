// Creates the named database if it does not exist yet. Usage: node ensure-db.mjs URL DBNAME
import { createRequire } from "node:module";

const require = createRequire(new URL("../../package.json", import.meta.url));
const pg = require("pg");
const [url, name] = process.argv.slice(2);
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
} finally {
  await client.end();
}
