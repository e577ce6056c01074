import { GraphQLError } from "graphql";

/** The one error type of the support API, with a closed union of codes mapped once at the edge. */
export const SUPPORT_ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "TICKET_REQUIRED",
  "NOT_FOUND",
  "INVALID_INPUT",
  "CONFLICT",
  "LIMIT_EXCEEDED",
  "RATE_LIMITED",
  "UNAVAILABLE",
] as const;
export type SupportErrorCode = (typeof SUPPORT_ERROR_CODES)[number];

const HTTP_STATUS: Record<SupportErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TICKET_REQUIRED: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  LIMIT_EXCEEDED: 400,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/**
 * A deliberate failure. On fields with typed results (pothos errors plugin) it becomes a
 * `SupportError` value; elsewhere a GraphQL error with `extensions.code` and an HTTP status.
 * Being a GraphQLError, yoga neither masks nor logs it as unexpected.
 */
export class SupportApiError extends GraphQLError {
  override name = "SupportApiError";
  readonly code: SupportErrorCode;
  constructor(code: SupportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, {
      extensions: { code, http: { status: HTTP_STATUS[code] } },
      ...(options?.cause instanceof Error ? { originalError: options.cause } : {}),
    });
    this.code = code;
  }
  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export const isSupportApiError = (e: unknown): e is SupportApiError => e instanceof SupportApiError;
