import { NoSchemaIntrospectionCustomRule } from "graphql";
import type { Plugin } from "graphql-yoga";

/** Introspection off (validation error) unless enabled, i.e. in production mode. */
export function useIntrospectionGate(options: { enabled: boolean }): Plugin {
  return {
    onValidate({ addValidationRule }) {
      if (!options.enabled) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
