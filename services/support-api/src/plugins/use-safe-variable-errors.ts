import { GraphQLError, getOperationAST, getVariableValues } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * GraphQL echoes a rejected variable's value in its error ("got invalid value 493021"): for an OTP
 * code that would leak it to the client and to the logs. Variables are coerced here first, and a
 * failure answers BAD_USER_INPUT naming the variable only, before execution (and logging) starts.
 */
export function useSafeVariableErrors(): Plugin {
  const check = (args: {
    schema: Parameters<typeof getVariableValues>[0];
    document: Parameters<typeof getOperationAST>[0];
    operationName?: string | null;
    variableValues?: Record<string, unknown> | null;
  }) => {
    const op = getOperationAST(args.document, args.operationName);
    if (!op?.variableDefinitions?.length) return null;
    const coerced = getVariableValues(args.schema, op.variableDefinitions, args.variableValues ?? {}, {
      maxErrors: 1,
    });
    if (!coerced.errors) return null;
    const name = /Variable "\$(\w+)"/.exec(coerced.errors[0]?.message ?? "")?.[1] ?? "?";
    return new GraphQLError(`Variable "$${name}" has an invalid value.`, {
      extensions: { code: "BAD_USER_INPUT", http: { status: 400 } },
    });
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
