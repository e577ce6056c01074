import { SupportApiError } from "../errors";
import { builder } from "./builder";

export const DateTime = builder.scalarType("DateTime", {
  description: "An instant, ISO 8601 in UTC.",
  // the read models' views carry instants as ISO strings (as PostgreSQL writes them): the one
  // conversion is here, to the API's UTC form
  serialize: (d) => (d instanceof Date ? d : new Date(d)).toISOString(),
  parseValue: (v) => {
    const d = typeof v === "string" ? new Date(v) : null;
    if (!d || Number.isNaN(d.getTime()))
      throw new SupportApiError("INVALID_INPUT", "DateTime must be ISO 8601.");
    return d;
  },
});
