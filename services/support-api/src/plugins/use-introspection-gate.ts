import { NoSchemaIntrospectionCustomRule, validate } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * Production mode: introspection off (validation error) and no "did you mean" suggestions in
 * validation errors (they would spell out the schema piece by piece). Both on in development.
 */
export function useIntrospectionGate(options: { enabled: boolean }): Plugin {
  return {
    onValidate({ addValidationRule, setValidationFn }) {
      if (options.enabled) return;
      addValidationRule(NoSchemaIntrospectionCustomRule);
      setValidationFn((schema, document, rules, opts, typeInfo) =>
        validate(schema, document, rules, { ...opts, hideSuggestions: true }, typeInfo),
      );
    },
  };
}
