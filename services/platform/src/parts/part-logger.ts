/**
 * How the platform writes its lines. Not on a terminal (a container, a pipe, CI) every line — the
 * platform's own, each part's, kafkajs's — is the one pino JSON shape of service-kit, `service`
 * naming the part (`platform` for the platform's own), on stdout. On a terminal the platform's and
 * the shared parts' lines are the human `factorlens: …` form (the message only: fields may carry
 * input), and the start ends with the banner; the verifier keeps its own JSON logger there.
 */
import { createLogger, type LogLevel } from "@factorlens/service-kit";
import pino, { type Logger } from "pino";

export interface PlatformLog {
  /** true: JSON lines (stdout is not a terminal). */
  json: boolean;
  /** The platform's own line at `level`: a `factorlens: …` line on a terminal. */
  line(msg: string, level?: "info" | "warn" | "error", fields?: object): void;
  /** A part's logger (projector, support-api, relay, ingest, verifier). */
  forPart(service: string, level?: LogLevel): Logger;
}

/** Plain `factorlens: msg` lines through `out` (a terminal). */
export function plainPartLogger(out: (line: string) => void, level: LogLevel): Logger {
  return pino(
    { level },
    {
      write(line: string) {
        let msg = line.trimEnd();
        try {
          msg = String((JSON.parse(line) as { msg?: unknown }).msg ?? "");
        } catch {}
        out(`factorlens: ${msg}`);
      },
    },
  );
}

export function createPlatformLog(opts: {
  json: boolean;
  level: LogLevel;
  out: (line: string) => void;
  err: (line: string) => void;
}): PlatformLog {
  if (!opts.json) {
    const shared = plainPartLogger(opts.out, opts.level);
    return {
      json: false,
      line: (msg, level = "info") => (level === "info" ? opts.out : opts.err)(`factorlens: ${msg}`),
      forPart: () => shared,
    };
  }
  // One synchronous stdout for every logger: lines written before process.exit are never lost.
  const stdout = pino.destination({ dest: 1, sync: true });
  const own = createLogger("platform", "info", stdout);
  return {
    json: true,
    line: (msg, level = "info", fields = {}) => own[level](fields, msg),
    forPart: (service, level = opts.level) => createLogger(service, level, stdout),
  };
}
