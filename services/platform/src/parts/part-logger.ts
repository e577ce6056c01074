/**
 * The logger the platform shares with its parts (projector, support API, relay, ingest): pino at
 * the platform's level, printed as the platform's own `factorlens: …` lines (the message only:
 * fields may carry input). The verifier keeps its own redacting logger.
 */
import type { LogLevel } from "@factorlens/service-kit";
import pino, { type Logger } from "pino";

export function partLogger(log: (line: string) => void, level: LogLevel): Logger {
  return pino(
    { level },
    {
      write(line: string) {
        let msg = line.trimEnd();
        try {
          msg = String((JSON.parse(line) as { msg?: unknown }).msg ?? "");
        } catch {}
        log(`factorlens: ${msg}`);
      },
    },
  );
}
