import { createComplexityRule } from "@pothos/plugin-complexity";
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

export interface QueryLimitsOptions {
  maxDepth: number;
  maxComplexity: number;
  maxBreadth: number;
}

const limitError = (message: string, limit: string, max: number, actual: number) =>
  new GraphQLError(message, {
    extensions: { code: "LIMIT_EXCEEDED", limit, max, actual, http: { status: 400 } },
  });

/**
 * Rejects a document during validation when its depth, breadth or estimated cost (the pothos
 * complexity of each field, connections multiplied by their `first`) is over the limits.
 */
export function useQueryLimits(options: QueryLimitsOptions): Plugin {
  const limits = [
    ["depth", options.maxDepth],
    ["breadth", options.maxBreadth],
    ["complexity", options.maxComplexity],
  ] as const;
  return {
    onValidate({ addValidationRule, context }) {
      const params = (context as { params?: { variables?: Record<string, unknown>; operationName?: string } })
        .params;
      addValidationRule(
        createComplexityRule({
          context,
          variableValues: params?.variables ?? {},
          operationName: params?.operationName ?? null,
          validate: (r, report) => {
            for (const [limit, max] of limits)
              if (r[limit] > max)
                report(limitError(`Query ${limit} ${r[limit]} exceeds ${max}.`, limit, max, r[limit]));
          },
        }),
      );
    },
  };
}
