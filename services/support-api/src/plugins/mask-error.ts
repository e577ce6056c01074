import { GraphQLError } from "graphql";
import { isSupportApiError } from "../errors";

const unwrap = (error: unknown): unknown =>
  error instanceof GraphQLError && error.originalError ? unwrap(error.originalError) : error;

/**
 * Error masking for yoga. Deliberate errors pass unchanged: our SupportApiError (it carries
 * `extensions.code` and an HTTP status) and GraphQL's own (syntax, validation, limits). (Variable
 * errors, which echo values, are answered earlier by useSafeVariableErrors.)
 * Anything else becomes "Unexpected error." with code INTERNAL_SERVER_ERROR and is logged by yoga,
 * so no internal detail (SQL, hosts, stack) leaves the process.
 */
export function maskError(error: unknown, message: string): Error {
  const original = unwrap(error);
  if (isSupportApiError(original)) return error as Error;
  if (error instanceof GraphQLError && original instanceof GraphQLError) {
    if (/got invalid value/.test(error.message))
      return new GraphQLError(
        error.message.replace(/got invalid value .*?(;|$)/s, "got an invalid value$1"),
        {
          extensions: { code: "BAD_USER_INPUT" },
        },
      );
    return error;
  }
  const path = error instanceof GraphQLError ? error.path : undefined;
  return new GraphQLError(message, { path, extensions: { code: "INTERNAL_SERVER_ERROR" } });
}
