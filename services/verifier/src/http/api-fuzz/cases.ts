/**
 * Request generators derived from an operation of the document: schema-valid requests with a key
 * of the operation's scope, one invalid input at a time (classified by ajv against the document,
 * so the expectation is the document's own), wrong or missing keys, raw bodies (duplicate keys,
 * broken JSON, wrong content type, too large) and paths no route has.
 */
import { isStorableText } from "@factorlens/domain";
import fc from "fast-check";
import { type Hints, invalid, NASTY, valid } from "./arbitraries";
import type { Operation } from "./contract";

export type Expectation =
  /** the document calls the request valid: no 400 naming a field, no 401/415 */
  | { kind: "accept" }
  /** the document calls it invalid: a 4xx, and a 400 names `field` */
  | { kind: "reject"; field: string }
  | { kind: "status"; statuses: readonly number[] };

export interface FuzzCase {
  op: string;
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: { json: unknown } | { raw: string };
  expect: Expectation;
  /** Replace `code` in the body with the user's current TOTP code (reaches the success paths). */
  validCode: boolean;
  /** Moved on the verifier's clock before the request (codes change, lockouts end). */
  advanceSeconds: number;
}

export interface Keys {
  /** scope → keys that hold it */
  byScope: Record<string, string[]>;
  all: string[];
}

type Inputs = { path: Record<string, string>; query: Record<string, string>; body: unknown };

const fill = (template: string, path: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(path[n] ?? ""));
/** Percent-encodes a string with lone surrogates as their (invalid) UTF-8-style bytes. */
const wtf8 = (v: string) =>
  [...v]
    .map((ch) => {
      const cu = ch.charCodeAt(0);
      if (ch.length > 1 || cu < 0xd800 || cu > 0xdfff) return encodeURIComponent(ch);
      return [0xe0 | (cu >> 12), 0x80 | ((cu >> 6) & 0x3f), 0x80 | (cu & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    })
    .join("");
const qs = (q: Record<string, string>) => {
  const s = new URLSearchParams(q).toString();
  return s ? `?${s}` : "";
};

export function caseArbitrary(op: Operation, keys: Keys, hints: Hints): fc.Arbitrary<FuzzCase> {
  const record = (params: Operation["query"]) =>
    fc.record(
      Object.fromEntries(params.map((p) => [p.name, valid(p.schema, hints, p.name) as fc.Arbitrary<string>])),
      {
        requiredKeys: params.filter((p) => p.required).map((p) => p.name),
      },
    ) as fc.Arbitrary<Record<string, string>>;
  const ok = op.scopes === null ? keys.all : [...new Set(op.scopes.flatMap((s) => keys.byScope[s] ?? []))];
  const wrong = op.scopes === null ? [] : keys.all.filter((k) => !ok.includes(k));
  const classify = (i: Inputs, field: string): Expectation => {
    const docValid =
      op.pathParams.every((p) => p.validate(i.path[p.name])) &&
      op.query.every((p) => (i.query[p.name] === undefined ? !p.required : p.validate(i.query[p.name]))) &&
      (!op.body || (i.body === undefined ? !op.body.required : op.body.validate(i.body)));
    return docValid ? { kind: "accept" } : { kind: "reject", field };
  };
  const inputs: fc.Arbitrary<Inputs> = fc
    .record({
      path: record(op.pathParams),
      query: record(op.query),
      body: op.body ? valid(op.body.schema, hints) : fc.constant(undefined),
    })
    .filter((i) => classify(i, "").kind === "accept");
  const build = (
    i: Inputs,
    label: string,
    expect: Expectation,
    key: string | undefined,
    extra: Partial<FuzzCase> = {},
  ) =>
    fc.record({ validCode: fc.boolean(), advanceSeconds: fc.constantFrom(0, 0, 0, 1, 31, 61, 900) }).map(
      (t): FuzzCase => ({
        op: op.id,
        label,
        method: op.method,
        url: fill(op.path, i.path) + qs(i.query),
        headers: key ? { authorization: `Bearer ${key}` } : {},
        ...(op.body && i.body !== undefined ? { body: { json: i.body } } : {}),
        expect,
        ...t,
        ...extra,
      }),
    );
  const anyOk = ok.length > 0 ? fc.constantFrom(...ok) : fc.constant(undefined);

  const validCase = fc.tuple(inputs, anyOk).chain(([i, k]) => build(i, "valid", classify(i, ""), k));
  const mutated = fc.tuple(inputs, anyOk).chain(([i, k]) => {
    const options: fc.Arbitrary<FuzzCase>[] = [];
    if (op.body && i.body !== undefined)
      options.push(
        invalid(i.body, op.body.schema, "body").chain((m) =>
          build({ ...i, body: m.value }, `${m.kind} ${m.path}`, classify({ ...i, body: m.value }, m.path), k),
        ),
      );
    for (const p of op.pathParams)
      options.push(
        fc
          .oneof(
            // [as sent, as the router decodes it]; a null decoding is a malformed URL
            fc.constantFrom<[string, string | null]>(["%zz", null], ["%00", "\u0000"], ["a%2Fb", "a/b"]),
            fc
              .oneof(
                fc.constantFrom("", "a".repeat(129), "a".repeat(257), "a".repeat(2000), "..", "."),
                fc.tuple(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 })).map(([c, s]) => s + c),
              )
              .map((v): [string, string | null] =>
                isStorableText(v.replaceAll("\u0000", "")) ? [encodeURIComponent(v), v] : [wtf8(v), null],
              ),
          )
          .chain(([sent, decoded]) => {
            const j = { ...i, path: { ...i.path, [p.name]: decoded ?? sent } };
            const expect: Expectation =
              decoded === null ? { kind: "status", statuses: [400] } : classify(j, `path.${p.name}`);
            const url = fill(op.path, { ...i.path, [p.name]: "\u0001" }).replace("%01", sent) + qs(j.query);
            return build(j, `path ${p.name}`, expect, k, { url });
          }),
      );
    for (const p of op.query)
      options.push(
        fc
          .oneof(
            fc.constantFrom("", "x".repeat(501), "call 5551234567", "code 123456"),
            fc.tuple(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 })).map(([c, s]) => `lost${s}${c}`),
          )
          .chain((v) => {
            const j = { ...i, query: { ...i.query, [p.name]: v } };
            return build(j, `query ${p.name}`, classify(j, `query.${p.name}`), k);
          }),
      );
    return options.length > 0 ? fc.oneof(...options) : build(i, "valid", classify(i, ""), k);
  });
  const auth = inputs.chain((i) =>
    fc
      .oneof(
        fc.constant({ label: "auth none", h: {} as Record<string, string>, want: [401] }),
        fc.constant({
          label: "auth unknown key",
          h: { authorization: "Bearer not-a-key-0123456789" },
          want: [401],
        }),
        fc.constant({
          label: "auth lower-case scheme",
          h: { authorization: `bearer ${ok[0] ?? "x"}` },
          want: [401],
        }),
        ...(wrong.length > 0
          ? [
              fc.constantFrom(...wrong).map((w) => ({
                label: "auth wrong scope",
                h: { authorization: `Bearer ${w}` },
                want: [403],
              })),
            ]
          : []),
      )
      .chain((a) =>
        build(
          i,
          a.label,
          op.scopes === null ? classify(i, "") : { kind: "status", statuses: a.want },
          undefined,
          {
            headers: a.h,
          },
        ),
      ),
  );
  const raws = fc.tuple(inputs, anyOk).chain(([i, k]) => {
    const text = JSON.stringify(i.body ?? {});
    const firstKey = Object.keys((i.body as object) ?? {})[0] ?? "k";
    const dup = text.replace("{", `{${JSON.stringify(firstKey)}:"x",`);
    return fc
      .oneof(
        fc.constant({ label: "raw duplicate key", raw: dup, ct: "application/json", want: [400] }),
        fc.constant({
          label: "raw broken JSON",
          raw: text.slice(0, -1),
          ct: "application/json",
          want: [400],
        }),
        fc.constant({
          label: "raw empty body",
          raw: "",
          ct: "application/json",
          want: op.body?.required ? [400] : [],
        }),
        fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "application/xml").map((ct) => ({
          label: `raw content-type ${ct}`,
          raw: text,
          ct,
          want: [415],
        })),
        fc.constant({
          label: "raw too large",
          raw: `{"a":"${"x".repeat(70_000)}"}`,
          ct: "application/json",
          want: [413],
        }),
      )
      .chain((r) =>
        build(
          i,
          r.label,
          r.want.length > 0
            ? { kind: "status", statuses: r.want }
            : classify({ ...i, body: undefined }, "body"),
          k,
          {
            body: { raw: r.raw },
          },
        ).map((c) => ({ ...c, headers: { ...c.headers, "content-type": r.ct } })),
      );
  });
  return fc.oneof(
    { weight: 4, arbitrary: validCase },
    { weight: 4, arbitrary: mutated },
    { weight: 1, arbitrary: auth },
    ...(op.body ? [{ weight: 1, arbitrary: raws }] : []),
  );
}

/** Paths and methods no route has: a 404 problem, whatever the key. */
export function unknownPathArbitrary(keys: Keys): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"),
      path: fc.oneof(
        fc.stringMatching(/^\/v1\/[a-z-]{1,12}$/),
        fc.stringMatching(/^\/v1\/users\/[a-z0-9]{1,8}\/(?:factor|sms|recovery)$/),
        fc.constantFrom("/v2/verify", "/v1/verify/x", "/v1/users", "/", "/v1"),
      ),
      key: fc.constantFrom(...keys.all),
    })
    .map(
      (r): FuzzCase => ({
        op: "unknown-path",
        label: "unknown path",
        method: r.method,
        url: r.path,
        headers: { authorization: `Bearer ${r.key}` },
        expect: { kind: "status", statuses: [404] },
        validCode: false,
        advanceSeconds: 0,
      }),
    );
}
