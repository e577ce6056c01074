import type { PlatformLog } from "./parts/part-logger";

/** What `pnpm start` prints once everything is up: URLs, dev credentials and something to try. */
export interface PlatformInfo {
  verifierUrl: string;
  graphqlUrl: string;
  databaseDisplayUrl: string;
  embeddedDatabase: boolean;
  eventStore: "postgres" | "eventstoredb";
  kafka: boolean;
  /** The ops server (healthz, readyz, metrics of projector, support API, relay, ingest), or null. */
  opsUrl: string | null;
  dataDir: string;
  /** Dev verifier API key (scopes verify+enroll+admin), or null when API keys are configured. */
  apiKey: string | null;
  adminToken: string | null;
  /**
   * Where the generated development credentials are kept and the claims a dev token carries, when
   * the platform generated them (the JSON ready line names these instead of printing the secrets).
   */
  devCredentials: { file: string; tokenIssuer: string | null; tokenAudience: string | null } | null;
  parts: string[];
}

export function printBanner(info: PlatformInfo, out: (line: string) => void): void {
  const key = info.apiKey ?? "<your API key>";
  const token = info.adminToken ?? "<your admin JWT>";
  const query = JSON.stringify({
    query:
      'query { user(id: "alice", ticket: "DEMO-1") { ... on User { diagnosis { pattern confidence summary suggestedSteps } lockout { locked } } ... on SupportError { code message } } }',
  });
  out("");
  out(`factorlens platform ready: ${info.parts.join(", ")}`);
  out(`  verifier     ${info.verifierUrl}   (OpenAPI: ${info.verifierUrl}/openapi.json)`);
  out(`  support API  ${info.graphqlUrl}   (GraphiQL: open it in a browser)`);
  out(
    `  console      ${info.graphqlUrl.replace(/\/graphql$/, "/console/")}   (${info.adminToken ? "development login: pick a role" : "log in with the configured OIDC provider"})`,
  );
  out(
    `  database     ${info.databaseDisplayUrl}${info.embeddedDatabase ? " (embedded)" : ""}, event store: ${info.eventStore}`,
  );
  out(`  data         ${info.dataDir}`);
  if (info.opsUrl)
    out(`  ops          ${info.opsUrl}/metrics   (/healthz, /readyz; verifier: ${info.verifierUrl}/metrics)`);
  if (info.apiKey) out(`  verifier API key (dev, scopes verify+enroll+admin): ${info.apiKey}`);
  if (info.adminToken) out(`  support admin JWT (dev, 12 h): ${info.adminToken}`);
  out("  try:");
  out(
    `    curl -s -X POST ${info.verifierUrl}/v1/users/alice/factors -H 'authorization: Bearer ${key}' -H 'content-type: application/json' -d '{"method":"totp"}'`,
  );
  out(
    `    curl -s -X POST ${info.verifierUrl}/v1/verify -H 'authorization: Bearer ${key}' -H 'content-type: application/json' -d '{"userId":"alice","code":"123456"}'`,
  );
  out(
    `    curl -s ${info.graphqlUrl} -H 'authorization: Bearer ${token}' -H 'content-type: application/json' -d '${query}'`,
  );
  out("  Ctrl-C stops everything.");
}

/**
 * The banner as one JSON line (stdout is not a terminal): `msg` "factorlens platform ready" and the
 * banner's facts as fields. A log line never carries a secret: when the platform generated
 * development credentials it names their file (mode 0600 in the data dir) and the dev token's
 * issuer and audience, so a script can read the key and sign a token; the terminal banner shows them
 * to the person who started it.
 */
export function logReady(info: PlatformInfo, log: PlatformLog): void {
  log.line("factorlens platform ready", "info", {
    parts: info.parts,
    verifierUrl: info.verifierUrl,
    graphqlUrl: info.graphqlUrl,
    consoleUrl: info.graphqlUrl.replace(/\/graphql$/, "/console/"),
    database: info.databaseDisplayUrl,
    embeddedDatabase: info.embeddedDatabase,
    eventStore: info.eventStore,
    kafka: info.kafka,
    opsUrl: info.opsUrl,
    dataDir: info.dataDir,
    ...(info.devCredentials ? { devCredentials: info.devCredentials } : {}),
  });
}
