import type { DevCredentials } from "../dev-credentials";

/** Fixed development credentials and database URL for the parts' config tests. */
export const TEST_CREDENTIALS: DevCredentials = {
  version: 1,
  verifierApiKey: "fl_dev_abcdefghijklmnopqrstuvwxyz012345",
  masterKeyId: "dev1",
  masterKeyBase64: Buffer.alloc(32, 7).toString("base64"),
  jwtSecretBase64: Buffer.alloc(32, 8).toString("base64"),
  postgresPassword: "pw-pw-pw-pw-pw-pw-pw",
};
export const TEST_DATABASE_URL = "postgres://x@127.0.0.1:1/db";
