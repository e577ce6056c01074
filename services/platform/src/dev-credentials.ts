/**
 * Development credentials, generated at the first start and kept in `<dataDir>/dev-credentials.json`
 * (mode 0600, git-ignored with the rest of `.data/`) so that a second start can still decrypt the
 * secrets and accept the same API key and tokens. Never used when the operator configures real ones.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { PlatformError } from "./errors";

const CredentialsSchema = z.object({
  version: z.literal(1),
  /** Verifier API key with scopes verify+enroll+admin. */
  verifierApiKey: z.string().min(32),
  /** AES-256 master key for the verifier's secret vault. */
  masterKeyId: z.string().regex(/^[A-Za-z0-9_-]+$/),
  masterKeyBase64: z.string().min(40),
  /** HS256 key for the support API's bearer tokens. */
  jwtSecretBase64: z.string().min(40),
  /** Password of the embedded PostgreSQL's `postgres` role. */
  postgresPassword: z.string().min(16),
});
export type DevCredentials = z.infer<typeof CredentialsSchema>;

export const credentialsPath = (dataDir: string): string => join(dataDir, "dev-credentials.json");

function generate(): DevCredentials {
  return {
    version: 1,
    verifierApiKey: `fl_dev_${randomBytes(24).toString("base64url")}`,
    masterKeyId: "dev1",
    masterKeyBase64: randomBytes(32).toString("base64"),
    jwtSecretBase64: randomBytes(32).toString("base64"),
    postgresPassword: randomBytes(18).toString("base64url"),
  };
}

/** Loads the stored credentials, or generates and stores them at the first start. */
export async function loadOrCreateDevCredentials(
  dataDir: string,
): Promise<{ credentials: DevCredentials; created: boolean }> {
  const path = credentialsPath(dataDir);
  let raw: string | null = null;
  try {
    raw = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  if (raw !== null) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const parsed = CredentialsSchema.safeParse(json);
    if (!parsed.success) {
      throw new PlatformError(
        "invalid_config",
        `${path} is not a valid credentials file; delete the data directory ${dataDir} to start afresh`,
      );
    }
    return { credentials: parsed.data, created: false };
  }
  const credentials = generate();
  await mkdir(dataDir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
  return { credentials, created: true };
}
