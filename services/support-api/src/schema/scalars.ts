import { SupportApiError } from "../errors";
import { builder } from "./builder";

export const DateTime = builder.scalarType("DateTime", {
  description: "An instant, ISO 8601 in UTC.",
  serialize: (d) => d.toISOString(),
  parseValue: (v) => {
    const d = typeof v === "string" ? new Date(v) : null;
    if (!d || Number.isNaN(d.getTime()))
      throw new SupportApiError("INVALID_INPUT", "DateTime must be ISO 8601.");
    return d;
  },
});
