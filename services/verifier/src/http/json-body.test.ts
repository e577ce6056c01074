import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertNoDuplicateKeys, DuplicateKeyError, ForbiddenKeyError } from "./json-body";

describe("assertNoDuplicateKeys", () => {
  it("accepts every document JSON.stringify writes (it cannot repeat a key), but __proto__", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const doc = JSON.stringify(v);
        fc.pre(!doc.includes('"__proto__":'));
        expect(() => assertNoDuplicateKeys(doc)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses a key repeated in the same object, at any depth, whatever surrounds it", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== "__proto__"),
        fc.jsonValue(),
        fc.jsonValue(),
        fc.nat(3),
        (key, a, b, depth) => {
          const k = JSON.stringify(key);
          fc.pre(!`${JSON.stringify(a)}${JSON.stringify(b)}`.includes('"__proto__":'));
          let doc = `{${k}:${JSON.stringify(a)},${k}:${JSON.stringify(b)}}`;
          for (let i = 0; i < depth; i++) doc = i % 2 ? `[1,${doc}]` : `{"x":${doc}}`;
          expect(() => assertNoDuplicateKeys(doc)).toThrow(DuplicateKeyError);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("tells keys from values, across objects and escapes", () => {
    for (const ok of [
      '[{"a":1},{"a":2}]',
      '{"a":{"a":1}}',
      '{"a":"a","b":["a","a"]}',
      '{"a\\"b":1,"a":2}',
      '{"k":"x\\\\","j":1}',
    ]) {
      expect(() => assertNoDuplicateKeys(ok), ok).not.toThrow();
    }
    expect(() => assertNoDuplicateKeys('{"a\\u0062":1,"ab":2}')).toThrow(DuplicateKeyError);
    expect(() => assertNoDuplicateKeys('{"a":[1,{"b":2}],"a":3}')).toThrow(DuplicateKeyError);
    expect(() => assertNoDuplicateKeys('{"__proto__":{"x":1}}')).toThrow(ForbiddenKeyError);
  });
});
