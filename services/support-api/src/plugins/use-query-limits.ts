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
            if (r.depth > options.maxDepth)
              report(
                limitError(
                  `Query depth ${r.depth} exceeds ${options.maxDepth}.`,
                  "depth",
                  options.maxDepth,
                  r.depth,
                ),
              );
            if (r.breadth > options.maxBreadth)
              report(
                limitError(
                  `Query breadth ${r.breadth} exceeds ${options.maxBreadth}.`,
                  "breadth",
                  options.maxBreadth,
                  r.breadth,
                ),
              );
            if (r.complexity > options.maxComplexity)
              report(
                limitError(
                  `Query complexity ${r.complexity} exceeds ${options.maxComplexity}.`,
                  "complexity",
                  options.maxComplexity,
                  r.complexity,
                ),
              );
          },
        }),
      );
    },
  };
}
