/**
 * The OTP engine's one error type. Messages never contain a secret or a code: they name the
 * problem and, at most, a length or a position.
 */
export const OTP_ERROR_CODES = [
  "invalid_base32",
  "invalid_secret",
  "invalid_params",
  "invalid_counter",
] as const;
export type OtpErrorCode = (typeof OTP_ERROR_CODES)[number];

export class OtpError extends Error {
  readonly code: OtpErrorCode;

  constructor(code: OtpErrorCode, message: string) {
    super(message);
    this.name = "OtpError";
    this.code = code;
  }
}

export function isOtpError(value: unknown): value is OtpError {
  return value instanceof OtpError;
}
