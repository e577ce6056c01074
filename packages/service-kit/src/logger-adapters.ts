/**
 * Adapters that route a library's own logging into the one pino shape (./logger.ts).
 * graphql-yoga calls its logger like `console` (`error(err)`, `debug("msg", value)`): strings become
 * the message, an Error the serialised `err` (name, message, code, stack as one field), and any other
 * value is dropped, since it may be a request's variables or body.
 */
import type { Logger } from "pino";

type YogaMethod = (...args: unknown[]) => void;
export interface YogaLoggerLike {
  debug: YogaMethod;
  info: YogaMethod;
  warn: YogaMethod;
  error: YogaMethod;
}

export function yogaLogger(logger: Pick<Logger, "debug" | "info" | "warn" | "error">): YogaLoggerLike {
  const at =
    (level: "debug" | "info" | "warn" | "error"): YogaMethod =>
    (...args) => {
      const err = args.find((a): a is Error => a instanceof Error);
      const msg =
        args.filter((a): a is string => typeof a === "string").join(" ") || err?.message || "graphql-yoga";
      logger[level](err ? { err } : {}, msg);
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/**
 * kafkajs's `logCreator` (structurally typed: service-kit does not depend on kafkajs). Its levels
 * (ERROR 1, WARN 2, INFO 4, DEBUG 5; NOTHING 0 is never called) map to pino's; `namespace` (the
 * kafkajs component, `kafkajs` for its root logger) and its fields (broker, groupId, retry counts, the error text) are kept, its own
 * `timestamp` and `logger` are dropped (pino writes `time`). kafkajs messages carry no payloads.
 */
export interface KafkaLogEntry {
  namespace: string;
  level: number;
  label: string;
  log: { message: string; [field: string]: unknown };
}

export function kafkaLogCreator(
  logger: Pick<Logger, "debug" | "info" | "warn" | "error">,
): (logLevel: number) => (entry: KafkaLogEntry) => void {
  const levelOf = (n: number): "debug" | "info" | "warn" | "error" =>
    n <= 1 ? "error" : n === 2 ? "warn" : n <= 4 ? "info" : "debug";
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _t, logger: _l, ...fields } = log;
      // kafkajs's root logger (e.g. its partitioner notice) has no namespace: "kafkajs" then
      logger[levelOf(level)]({ namespace: namespace || "kafkajs", ...fields }, String(message ?? "kafkajs"));
    };
}
