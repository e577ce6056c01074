/**
 * Runs `pnpm start` (the README's command) as a subprocess in its own process group, like a
 * terminal would, and reads its output line by line: tests wait for printed lines, never sleep.
 * Its stdout is a pipe, so the platform writes pino JSON lines; tests match their `msg`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mintDevToken } from "@factorlens/support-api";
import { afterAll } from "vitest";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A JSON line's fields, or null (pnpm's own `> … start` lines, a plain config error). */
export function parseLine(line: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** What a line says: a JSON line's `msg`, else the line itself. */
export function messageOf(line: string): string {
  const msg = parseLine(line)?.msg;
  return typeof msg === "string" ? msg : line;
}

export interface Banner {
  verifierUrl: string;
  graphqlUrl: string;
  apiKey: string;
  adminToken: string;
}

export interface PlatformProcess {
  child: ChildProcess;
  /** Every line printed so far on stdout and stderr, as printed. */
  output(): string;
  /** Every line printed so far, as printed (JSON lines unparsed). */
  lines(): string[];
  /**
   * Resolves with the message (messageOf) of the first line (past or future) whose message matches
   * `re`; rejects on exit or timeout.
   */
  waitForLine(re: RegExp, timeoutMs: number): Promise<string>;
  waitForReady(timeoutMs?: number): Promise<Banner>;
  /**
   * Sends `signal` to the whole process group (Ctrl-C) and resolves with pnpm's exit code once the
   * platform's output is closed too (pnpm itself dies of SIGTERM at once: null).
   */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

export function startPlatformProcess(opts: {
  env: Record<string, string>;
  args?: string[];
  /** The command instead of `pnpm start` (e.g. `["node", "services/platform/dist/main.js"]`). */
  command?: string[];
}): PlatformProcess {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.DATABASE_URL; // the embedded database is the point, unless the test gives one
  delete env.KAFKA_BROKERS;
  delete env.EVENTSTORE_CONNECTION_STRING;
  Object.assign(env, opts.env, { FORCE_COLOR: "0" });
  const [file, ...args] = opts.command
    ? [...opts.command, ...(opts.args ?? [])]
    : ["pnpm", "start", ...(opts.args?.length ? ["--", ...opts.args] : [])];
  const child = spawn(file ?? "pnpm", args, {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  // "close": pnpm has exited AND every process holding its output (the platform itself) is gone.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream?.on("data", (chunk: Buffer) => {
      const parts = (rest + chunk.toString("utf8")).split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        for (const l of listeners) l(line);
      }
    });
  }

  const waitForLine = (re: RegExp, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const found = lines.map(messageOf).find((m) => re.test(m));
      if (found !== undefined) return resolve(found);
      const done = (fn: () => void) => {
        clearTimeout(timer);
        listeners.delete(listener);
        fn();
      };
      const listener = (line: string) => {
        const msg = messageOf(line);
        if (re.test(msg)) done(() => resolve(msg));
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(new Error(`no line matching ${re} within ${timeoutMs} ms:\n${lines.join("\n")}`)),
          ),
        timeoutMs,
      );
      listeners.add(listener);
      void exited.then((code) =>
        done(() => reject(new Error(`platform exited (${code}) before ${re}:\n${lines.join("\n")}`))),
      );
    });

  const READY = "factorlens platform ready";

  return {
    child,
    exited,
    output: () => lines.join("\n"),
    lines: () => [...lines],
    waitForLine,
    async waitForReady(timeoutMs = 90_000) {
      // The banner's JSON form: one line, its facts as fields (services/platform/src/banner.ts).
      await waitForLine(new RegExp(`^${READY}$`), timeoutMs);
      const ready = lines.map(parseLine).find((l) => l?.msg === READY) ?? {};
      const field = (name: string) => {
        const v = ready[name];
        if (typeof v !== "string" || !v) throw new Error(`ready line has no ${name}:\n${lines.join("\n")}`);
        return v;
      };
      // The ready line names the dev credentials' file, never the secrets: read the key, sign a token.
      const dev = ready.devCredentials as
        | { file?: string; tokenIssuer?: string | null; tokenAudience?: string | null }
        | undefined;
      if (!dev?.file || !dev.tokenIssuer || !dev.tokenAudience)
        throw new Error(`ready line names no dev credentials:\n${lines.join("\n")}`);
      const creds = JSON.parse(await readFile(dev.file, "utf8")) as {
        verifierApiKey: string;
        jwtSecretBase64: string;
      };
      return {
        verifierUrl: field("verifierUrl"),
        graphqlUrl: field("graphqlUrl"),
        apiKey: creds.verifierApiKey,
        adminToken: await mintDevToken({
          secret: new TextEncoder().encode(creds.jwtSecretBase64),
          issuer: dev.tokenIssuer,
          audience: dev.tokenAudience,
          role: ["admin", "support_agent", "fraud_analyst"],
          subject: "e2e-admin",
          ttlSeconds: 3600,
        }),
      };
    },
    async stop(signal = "SIGINT", timeoutMs = 60_000) {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(-child.pid, signal);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          if (child.pid) process.kill(-child.pid, "SIGKILL");
          reject(new Error(`platform did not stop within ${timeoutMs} ms:\n${lines.join("\n")}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * A clean stop: the platform printed its own exit status 0 after stopping the embedded PostgreSQL,
 * and pnpm exited 0 (it usually waits for its child and passes the code on; killed by the same
 * Ctrl-C before its child it reports no code, so the platform's printed status is the evidence).
 */
export function expectCleanStop(code: number | null, output: string): string[] {
  const problems: string[] = [];
  // A part that takes a second or more to stop prints its time: "stopped embedded PostgreSQL (1.1 s)".
  const said = output.split("\n").map(messageOf).join("\n");
  if (!/stopped embedded PostgreSQL(?: \([\d.]+ s\))?\nstopped \(exit 0\)/.test(said)) {
    problems.push("the platform did not print a clean stop ending with the database");
  }
  if (code !== 0 && code !== null) problems.push(`pnpm exited with ${code}`);
  return problems;
}

/**
 * The platform runs of one test file: a scratch data dir and free ports (database, verifier,
 * support API) shared by every run it starts, so a second start resumes the first one's data.
 * After the file's tests every run still going is killed and the data dir removed.
 */
export function scratchPlatform(name: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `factorlens-${name}-`));
  chmodSync(dataDir, 0o711); // as root, PostgreSQL runs as `postgres`, which must traverse it
  const runs: PlatformProcess[] = [];
  let ports: Promise<Record<string, string>> | undefined;
  afterAll(async () => {
    for (const run of runs) await run.stop("SIGKILL").catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    async start(opts: { env?: Record<string, string>; args?: string[]; command?: string[] } = {}) {
      ports ??= (async () => ({
        FACTORLENS_PLATFORM_PG_PORT: String(await freePort()),
        FACTORLENS_VERIFIER_PORT: String(await freePort()),
        FACTORLENS_SUPPORT_PORT: String(await freePort()),
      }))();
      const run = startPlatformProcess({
        ...opts,
        env: { FACTORLENS_PLATFORM_DATA_DIR: dataDir, ...(await ports), ...opts.env },
      });
      runs.push(run);
      return run;
    },
  };
}

/** The demo's closing `demo summary: {json}` line, parsed (the run's users by cause). */
export async function demoSummary<T>(run: PlatformProcess, timeoutMs: number): Promise<T> {
  const line = await run.waitForLine(/^demo summary: /, timeoutMs);
  return JSON.parse(line.replace(/^demo summary: /, "")) as T;
}

/** A GET of an ops or API URL with a 4-s limit: a refused or stalled connection is status 0. */
export async function probeUrl(url: string): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
    return { status: res.status, body: await res.text() };
  } catch {
    return { status: 0, body: "" };
  }
}
