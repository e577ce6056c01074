/**
 * Runs `pnpm start` (the README's command) as a subprocess in its own process group, like a
 * terminal would, and reads its output line by line: tests wait for printed lines, never sleep.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

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

export interface Banner {
  verifierUrl: string;
  graphqlUrl: string;
  apiKey: string;
  adminToken: string;
}

export interface PlatformProcess {
  child: ChildProcess;
  /** Every line printed so far on stdout and stderr. */
  output(): string;
  /** Resolves with the first line (past or future) matching `re`; rejects on exit or timeout. */
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
      const found = lines.find((l) => re.test(l));
      if (found !== undefined) return resolve(found);
      const done = (fn: () => void) => {
        clearTimeout(timer);
        listeners.delete(listener);
        fn();
      };
      const listener = (line: string) => {
        if (re.test(line)) done(() => resolve(line));
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

  const field = (re: RegExp) => {
    const m = lines.map((l) => re.exec(l)).find(Boolean);
    if (!m?.[1]) throw new Error(`banner has no ${re}:\n${lines.join("\n")}`);
    return m[1];
  };

  return {
    child,
    exited,
    output: () => lines.join("\n"),
    waitForLine,
    async waitForReady(timeoutMs = 90_000) {
      await waitForLine(/^factorlens platform ready/, timeoutMs);
      await waitForLine(/Ctrl-C stops everything/, 5_000);
      return {
        verifierUrl: field(/^ {2}verifier {5}(\S+)/),
        graphqlUrl: field(/^ {2}support API {2}(\S+)/),
        apiKey: field(/verifier API key \(dev[^)]*\): (\S+)/),
        adminToken: field(/support admin JWT \(dev[^)]*\): (\S+)/),
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
  if (!/stopped embedded PostgreSQL(?: \([\d.]+ s\))?\nfactorlens: stopped \(exit 0\)/.test(output)) {
    problems.push("the platform did not print a clean stop ending with the database");
  }
  if (code !== 0 && code !== null) problems.push(`pnpm exited with ${code}`);
  return problems;
}
