import { z } from "zod";
import { EVENT_REGISTRY, EVENT_TYPES } from "./catalogue";
import { UPCASTERS } from "./upcasters";

export interface JsonSchemaFile {
  /** `<EventType>.v<version>.schema.json` */
  fileName: string;
  content: string;
}

const render = (type: string, version: number, schema: z.ZodType): JsonSchemaFile => {
  const fileName = `${type}.v${version}.schema.json`;
  const body = z.toJSONSchema(schema, { target: "draft-2020-12" });
  const doc = {
    $id: `https://factorlens.dev/schemas/events/${fileName}`,
    title: `${type} v${version}`,
    ...body,
  };
  return { fileName, content: `${JSON.stringify(doc, null, 2)}\n` };
};

/**
 * JSON Schema documents for every event type at its current version and at every older version
 * still readable through an upcaster, sorted by file name. Deterministic: same catalogue, same bytes.
 */
export const eventJsonSchemas = (): JsonSchemaFile[] => {
  const files: JsonSchemaFile[] = [];
  for (const type of EVENT_TYPES) {
    const entry = EVENT_REGISTRY[type];
    files.push(render(type, entry.version, entry.schema));
    for (const [version, step] of Object.entries(UPCASTERS[type] ?? {})) {
      files.push(render(type, Number(version), step.schema));
    }
  }
  return files.sort((a, b) => a.fileName.localeCompare(b.fileName));
};
