import { type FragmentDefinitionNode, Kind, type SelectionSetNode } from "graphql";

/**
 * Names of the fields selected directly on `typeName` under a field (inline fragments and fragment
 * spreads resolved, `__typename` ignored): what a lookup reads, recorded in its audit event.
 */
export function selectedFields(
  selectionSet: SelectionSetNode | undefined,
  typeName: string,
  fragments: Record<string, FragmentDefinitionNode>,
): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        if (!sel.name.value.startsWith("__")) out.add(sel.name.value);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (!sel.typeCondition || sel.typeCondition.name.value === typeName) walk(sel.selectionSet);
      } else {
        const frag = fragments[sel.name.value];
        if (frag && !seen.has(frag.name.value) && frag.typeCondition.name.value === typeName) {
          seen.add(frag.name.value);
          walk(frag.selectionSet);
        }
      }
    }
  };
  walk(selectionSet);
  return [...out].sort();
}
