/** Composition root: config → pool, event store, read models, decider → yoga on node:http. */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { createUuidV7Generator } from "@factorlens/domain";
import { createPostgresEventStore } from "@factorlens/event-store";
import { loadProjectionCheckpoint, withSchema } from "@factorlens/read-models";
import { importSPKI } from "jose";
import pg from "pg";
import { attemptsFromEvents } from "./adapters/attempts-from-events";
import { createDeciderSupportActions } from "./adapters/decider-actions";
import { createPgReadModels } from "./adapters/read-models-pg";
import { createHttpVerifierClient } from "./adapters/verifier-http";
import { createPseudonymizer } from "./auth/pseudonym";
import { loadConfig } from "./config";
import { headPosition } from "./live/head-position";
import { createEventStoreTimelineFeed } from "./live/timeline-feed";
import { createSupportApi } from "./server";

const config = loadConfig(process.env);
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
const store = await createPostgresEventStore({ pool, schema: config.eventStoreSchema, migrate: false });
const clock = { now: () => new Date() };
const newId = createUuidV7Generator({ now: () => Date.now(), randomBytes: (n) => randomBytes(n) });
const key =
  config.jwt.kind === "secret" ? config.jwt.secret : await importSPKI(config.jwt.pem, config.jwt.alg);

const readDb = withSchema(pool, config.readModelsSchema);
const feed = createEventStoreTimelineFeed({
  eventStore: store,
  toAttempts: attemptsFromEvents,
  startPosition: async () => {
    const hint = await loadProjectionCheckpoint(readDb, config.projectorSubscriberId);
    return headPosition(store, hint);
  },
  onError: (e) => process.stderr.write(`support-api: timeline feed stopped: ${(e as Error).name}\n`),
});

const api = createSupportApi({
  mode: config.mode,
  auth: {
    key,
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ...(config.jwt.kind === "public-key" ? { algorithms: [config.jwt.alg] } : { algorithms: ["HS256"] }),
  },
  deps: {
    readModels: createPgReadModels(readDb, { clock }),
    actions: createDeciderSupportActions({ eventStore: store, clock, newId }),
    pseudonymize: createPseudonymizer(config.pseudonymKey),
    clock,
    feed,
    ...(config.verifier
      ? {
          verifier: createHttpVerifierClient({
            baseUrl: config.verifier.url,
            apiKey: config.verifier.apiKey,
            timeoutMs: config.verifier.timeoutMs,
          }),
        }
      : {}),
  },
});

const server = createServer(api);
server.listen(config.port, () => process.stdout.write(`support-api listening on :${config.port}/graphql\n`));

const shutdown = () => {
  server.close();
  void feed
    .close()
    .then(() => store.close())
    .then(() => pool.end());
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
