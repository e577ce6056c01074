import { GraphQLError, Kind, type ValidationRule, valueFromASTUntyped } from "graphql";
import type { Plugin } from "graphql-yoga";

export interface PageSizeCapOptions {
  /** Largest `first` / `last` / `limit` accepted on any field. */
  maxPageSize: number;
  argumentNames?: readonly string[];
}

/**
 * Page-size cap: a `first`, `last` or `limit` argument above the cap (literal or variable) fails
 * validation with LIMIT_EXCEEDED instead of being silently clamped.
 */
export function usePageSizeCap(options: PageSizeCapOptions): Plugin {
  const names = new Set(options.argumentNames ?? ["first", "last", "limit"]);
  return {
    onValidate({ addValidationRule, context }) {
      const variables =
        (context as { params?: { variables?: Record<string, unknown> } }).params?.variables ?? {};
      const rule: ValidationRule = (ctx) => ({
        Argument(node) {
          if (!names.has(node.name.value)) return;
          const value =
            node.value.kind === Kind.VARIABLE
              ? variables[node.value.name.value]
              : valueFromASTUntyped(node.value);
          if (typeof value === "number" && (value > options.maxPageSize || value < 0)) {
            ctx.reportError(
              new GraphQLError(`${node.name.value} must be between 0 and ${options.maxPageSize}.`, {
                nodes: [node],
                extensions: {
                  code: "LIMIT_EXCEEDED",
                  limit: "pageSize",
                  max: options.maxPageSize,
                  http: { status: 400 },
                },
              }),
            );
          }
        },
      });
      addValidationRule(rule);
    },
  };
}
