/**
 * The OpenAPI document read as the fuzz needs it: each operation's inputs (path, query, body
 * schemas), the API-key scopes it names, and its responses, with ajv validators compiled once.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Schema } from "./arbitraries";

// ajv-formats is CommonJS: its function is the default export's `default` under some loaders
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

export interface Param {
  name: string;
  /** `x-free-text`: the server also refuses codes, digit runs and secrets, which no schema states */
  freeText: boolean;
  required: boolean;
  schema: Schema;
  validate: ValidateFunction;
}

export interface Operation {
  id: string;
  method: string;
  /** OpenAPI template, `/v1/users/{userId}/factors` */
  path: string;
  pathParams: Param[];
  query: Param[];
  body?: { schema: Schema; required: boolean; validate: ValidateFunction };
  /** Alternatives of API-key scopes (any one will do); null for a public operation. */
  scopes: string[] | null;
  /** status → content type → validator of the body (null: no schema for that content type) */
  responses: Map<string, Map<string, ValidateFunction | null>>;
}

type Doc = {
  paths: Record<string, Record<string, RawOp>>;
  components: { schemas: Record<string, Schema> };
  security?: Record<string, string[]>[];
};
type RawOp = {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema: Schema; "x-free-text"?: boolean }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};

export function readContract(doc: Doc): { ajv: Ajv2020; operations: Operation[] } {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // the document's $refs point into its own components
  ajv.addSchema({ $id: "doc", components: doc.components } as Schema);
  const compile = (schema: Schema) => {
    const { $schema: _, ...rest } = schema;
    return ajv.compile(JSON.parse(JSON.stringify(rest).replaceAll('"#/components', '"doc#/components')));
  };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const params = (where: string) =>
        (op.parameters ?? [])
          .filter((p) => p.in === where)
          .map((p) => ({
            name: p.name,
            required: p.required ?? false,
            freeText: p["x-free-text"] === true,
            schema: p.schema,
            validate: compile(p.schema),
          }));
      const bodySchema = op.requestBody?.content["application/json"]?.schema;
      const security = op.security ?? doc.security ?? [];
      const responses = new Map<string, Map<string, ValidateFunction | null>>();
      for (const [status, r] of Object.entries(op.responses)) {
        const types = new Map<string, ValidateFunction | null>();
        for (const [ct, media] of Object.entries(r.content ?? {}))
          types.set(ct, media.schema ? compile(media.schema) : null);
        responses.set(status, types);
      }
      operations.push({
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        pathParams: params("path"),
        query: params("query"),
        ...(bodySchema
          ? {
              body: {
                schema: bodySchema,
                required: op.requestBody?.required ?? false,
                validate: compile(bodySchema),
              },
            }
          : {}),
        scopes: security.length === 0 ? null : security.flatMap((s) => Object.values(s).flat()),
        responses,
      });
    }
  }
  return { ajv, operations };
}

/** The documented entry for a status: exact, then the `4XX` range, then `default`. */
export const responseFor = (op: Operation, status: number) =>
  op.responses.get(String(status)) ??
  op.responses.get(`${String(status)[0]}XX`) ??
  op.responses.get("default");
