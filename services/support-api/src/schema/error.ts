import { SUPPORT_ERROR_CODES, SupportApiError } from "../errors";
import { builder } from "./builder";

export const SupportErrorCode = builder.enumType("SupportErrorCode", { values: SUPPORT_ERROR_CODES });

/** The typed result of an expected failure (forbidden, not found, invalid input, conflict…). */
builder.objectType(SupportApiError, {
  name: "SupportError",
  fields: (t) => ({
    code: t.field({ type: SupportErrorCode, resolve: (e) => e.code }),
    message: t.exposeString("message"),
  }),
});
