/**
 * The shape every package's one error type shares: a closed union of codes, a message that never
 * holds a secret or a code, and details (always with an optional cause) that callers branch on.
 * Each package keeps its own class (`class RelayError extends CodedError<RelayErrorCode> {…}`),
 * so `instanceof` still says which package failed.
 */
export class CodedError<
  Code extends string,
  Details extends { cause?: unknown } = { cause?: unknown },
> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: Details = {} as Details,
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

type Class<E> = abstract new (...args: never[]) => E;

/** `isXError(e)` / `isXError(e, code)` for a package's error class. */
export const codedErrorGuard =
  <E extends CodedError<string, { cause?: unknown }>>(cls: Class<E>) =>
  (e: unknown, code?: E["code"]): e is E =>
    e instanceof cls && (code === undefined || e.code === code);
