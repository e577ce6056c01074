/**
 * What each fraud list exports: its GraphQL field, the node fields (the columns, in order) and the
 * arguments a URL may give, with their GraphQL types. The export runs the field itself.
 */
export interface ExportedList {
  fields: string;
  columns: readonly string[];
  args: Readonly<Record<string, string>>;
}

const RANGE = { from: "DateTime", to: "DateTime" };
const FILTERS = {
  ip: "String",
  prefix: "String",
  asn: "Int",
  country: "String",
  reason: "String",
  method: "FactorMethod",
  pattern: "String",
};

export const EXPORTED_LISTS: Readonly<Record<string, ExportedList>> = {
  failuresGrouped: {
    fields: "key name failures distinctIps distinctUsers unexplained unexplainedShare",
    columns: ["key", "name", "failures", "distinctIps", "distinctUsers", "unexplained", "unexplainedShare"],
    args: { by: "FailureGrouping!", ...RANGE, ...FILTERS },
  },
  ipsFailingForManyUsers: {
    fields: "ip distinctUsers failures country asn asnName",
    columns: ["ip", "distinctUsers", "failures", "country", "asn", "asnName"],
    args: { ...RANGE, ...FILTERS, minUsers: "Int" },
  },
  smsPumpingCandidates: {
    fields:
      "country numberPrefix numberType sends delivered deliveryFailed verified distinctUsers conversion unverified refused",
    columns: [
      "country",
      "numberPrefix",
      "numberType",
      "sends",
      "delivered",
      "deliveryFailed",
      "verified",
      "distinctUsers",
      "conversion",
      "unverified",
      "refused",
    ],
    args: { ...RANGE, minSends: "Int", maxConversion: "Float" },
  },
  disabledAfterNewCountryLogin: {
    fields:
      "account { pseudonym userId } factorId loginAt loginCountry loginAsn disabledAt secondsAfterLogin",
    columns: [
      "account.pseudonym",
      "account.userId",
      "factorId",
      "loginAt",
      "loginCountry",
      "loginAsn",
      "disabledAt",
      "secondsAfterLogin",
    ],
    args: { ...RANGE, ticket: "String" },
  },
};

/** The paged query of one list: `$first`/`$after` plus the list's own arguments that were given. */
export const exportQuery = (name: string, list: ExportedList, given: readonly string[]): string => {
  const vars = given.map((a) => `$${a}: ${list.args[a]}`).join(", ");
  const args = given.map((a) => `${a}: $${a}`).join(", ");
  return `query FraudExport($first: Int, $after: String${vars ? `, ${vars}` : ""}) { fraud {
    ${name}(first: $first, after: $after${args ? `, ${args}` : ""}) {
      edges { node { ${list.fields} } } pageInfo { hasNextPage endCursor } } } }`;
};

/** A node as one flat row: nested objects become dotted columns (account.pseudonym). */
export const flatten = (node: Record<string, unknown>, prefix = ""): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(node).flatMap(([k, v]) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.entries(flatten(v as Record<string, unknown>, `${prefix}${k}.`))
        : [[`${prefix}${k}`, v]],
    ),
  );

/**
 * One CSV field (RFC 4180 quoting). Text starting with = + - @ is prefixed with a quote so a
 * spreadsheet never runs it as a formula (an ASN name or a key is outside data); a plain signed
 * number such as a phone prefix (+23276) cannot be one and is left as it is.
 */
export const csvField = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
