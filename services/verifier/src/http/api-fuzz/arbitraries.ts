/**
 * JSON Schema → fast-check arbitraries, for the schema features the verifier's OpenAPI document
 * uses: const, enum, anyOf/oneOf/allOf, strings (pattern, format, lengths), numbers and integers
 * with bounds, booleans, null, arrays and objects (required, optional, additionalProperties).
 * The maintained converters target zod 3 or fast-check 3; this one is the subset we need.
 *
 * `valid` yields values the schema accepts (the caller filters with ajv, the judge of record);
 * `invalid` yields one mutation of a valid value, with the path it broke.
 */
import fc from "fast-check";

export type Schema = Record<string, unknown>;
/** Arbitraries to mix in for a property name (known user and factor ids reach deeper states). */
export type Hints = Record<string, fc.Arbitrary<string> | undefined>;

const NUL = String.fromCharCode(0);
/** Characters that break parsers, stores and logs: NUL, lone surrogates, BOM, RTL override, … */
export const NASTY = [
  NUL,
  "\ud800",
  "\udfff",
  "\ufeff",
  "\u202e",
  "😀",
  "\n",
  '"',
  "\\",
  "%",
  "/",
  "?",
  "#",
  " ",
];

const anyChar = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY) },
);

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

function stringArb(s: Schema): fc.Arbitrary<string> {
  const min = num(s.minLength) ?? 0;
  const max = num(s.maxLength) ?? Math.max(min, 40);
  let arb: fc.Arbitrary<string>;
  // fast-check cannot generate from a lookahead: generate without it, the caller's ajv filter judges
  if (typeof s.pattern === "string")
    arb = fc.stringMatching(new RegExp(s.pattern.replace(/^\^\(\?![^)]*\)/, "^")));
  else if (s.format === "ipv4") arb = fc.ipV4();
  else if (s.format === "ipv6") arb = fc.ipV6();
  else arb = fc.string({ unit: anyChar, minLength: min, maxLength: Math.min(max, min + 64) });
  return arb.filter((v) => v.length >= min && v.length <= max);
}

export function valid(s: Schema, hints: Hints = {}, name?: string): fc.Arbitrary<unknown> {
  const hint = name ? hints[name] : undefined;
  if ("const" in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const alts = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alts) return fc.oneof(...alts.map((a) => valid(a, hints, name)));
  if (Array.isArray(s.allOf))
    return valid({ ...s, allOf: undefined, ...(s.allOf[0] as Schema) }, hints, name);
  switch (s.type) {
    case "string":
      return hint ? fc.oneof({ weight: 3, arbitrary: hint }, stringArb(s)) : stringArb(s);
    case "integer":
      return fc.integer({
        min: Math.max(num(s.minimum) ?? -1e9, -1e15),
        max: Math.min(num(s.maximum) ?? 1e9, 1e15),
      });
    case "number":
      return fc.double({ min: num(s.minimum) ?? -1e9, max: num(s.maximum) ?? 1e9, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(valid((s.items as Schema) ?? {}, hints), {
        minLength: num(s.minItems) ?? 0,
        maxLength: num(s.maxItems) ?? 5,
      });
    case "object": {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = (s.required ?? []) as string[];
      const model = Object.fromEntries(Object.entries(props).map(([k, p]) => [k, valid(p, hints, k)]));
      return fc.record(model, { requiredKeys: required });
    }
    default:
      return fc.jsonValue();
  }
}

export interface Mutation {
  value: unknown;
  /** Where it broke, as the server names fields: `body.context.ip`; `body` for the whole value. */
  path: string;
  kind: string;
}

const wrongTypeFor = (s: Schema): fc.Arbitrary<unknown> => {
  const others: unknown[] = [42, -1.5, true, null, [], {}, "text"];
  return fc.constantFrom(
    ...others.filter((v) => (s.type === "string" ? typeof v !== "string" : typeof v !== s.type)),
  );
};

interface Slot {
  path: string;
  key: string;
  parent: Record<string, unknown>;
  schema: Schema;
  required: boolean;
}

/** Every place in `value` (with its schema) that a mutation can hit. */
function slots(value: unknown, s: Schema, path: string): Slot[] {
  const out: Slot[] = [];
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const branch = ((s.oneOf ?? s.anyOf) as Schema[] | undefined)?.find((b) => {
      const m = (b.properties as Record<string, Schema> | undefined)?.method;
      return m && "const" in m ? m.const === obj.method : true;
    });
    const props = ((branch ?? s).properties ?? {}) as Record<string, Schema>;
    const required = ((branch ?? s).required ?? []) as string[];
    for (const [k, v] of Object.entries(obj)) {
      const ps = props[k] ?? {};
      out.push({ path: `${path}.${k}`, key: k, parent: obj, schema: ps, required: required.includes(k) });
      out.push(...slots(v, ps, `${path}.${k}`));
    }
  }
  return out;
}

/** One mutation of a valid value: wrong type, missing, extra, too long/short, pattern, nasty text. */
export function invalid(value: unknown, s: Schema, root: string): fc.Arbitrary<Mutation> {
  const all = slots(value, s, root);
  const whole = fc
    .constantFrom<unknown>([], "text", 7, null, true)
    .map((v) => ({ value: v, path: root, kind: "not-an-object" }));
  const extra = fc
    .constantFrom("extra", "__proto__x", "constructor", "USERID", "")
    .map((k) => ({ value: { ...(value as object), [k]: 1 }, path: root, kind: "extra-property" }));
  if (all.length === 0) return fc.oneof(whole, extra);
  const slotArb = fc.constantFrom(...all);
  const replaceAt = (slot: (typeof all)[number], v: unknown) => {
    const copy = structuredClone(value) as Record<string, unknown>;
    const keys = slot.path.slice(root.length + 1).split(".");
    let at: Record<string, unknown> = copy;
    for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
    if (v === undefined) delete at[keys.at(-1)!];
    else at[keys.at(-1)!] = v;
    return copy;
  };
  const field = slotArb.chain((slot) => {
    const max = num(slot.schema.maxLength);
    const options: fc.Arbitrary<Mutation>[] = [
      wrongTypeFor(slot.schema).map((v) => ({
        value: replaceAt(slot, v),
        path: slot.path,
        kind: "wrong-type",
      })),
      fc.tuple(fc.constantFrom(...NASTY), fc.nat({ max: 8 })).map(([c, at]) => {
        const at0 = slot.parent[slot.key];
        const old = typeof at0 === "string" ? at0 : "";
        const pos = Math.min(at, old.length);
        return {
          value: replaceAt(slot, old.slice(0, pos) + c + old.slice(pos)),
          path: slot.path,
          kind: "nasty-char",
        };
      }),
      fc.constantFrom("", " ", "a:b", "x".repeat(129), "1e999", "-1").map((v) => ({
        value: replaceAt(slot, v),
        path: slot.path,
        kind: "odd-string",
      })),
    ];
    if (max !== undefined) {
      options.push(
        fc.integer({ min: max + 1, max: max * 4 + 10 }).map((n) => ({
          value: replaceAt(slot, "a".repeat(n)),
          path: slot.path,
          kind: "too-long",
        })),
      );
    }
    if (slot.schema.type === "integer") {
      options.push(
        fc
          .constantFrom(-1, 1.5, 2 ** 53, 2 ** 41, 1e308)
          .map((v) => ({ value: replaceAt(slot, v), path: slot.path, kind: "out-of-range" })),
      );
    }
    if (slot.required) {
      options.push(
        fc.constant({ value: replaceAt(slot, undefined), path: slot.path, kind: "missing-required" }),
      );
    }
    return fc.oneof(...options);
  });
  return fc.oneof(
    { weight: 6, arbitrary: field },
    { weight: 1, arbitrary: whole },
    { weight: 1, arbitrary: extra },
  );
}
