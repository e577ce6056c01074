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
