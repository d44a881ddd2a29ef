import { SCHEMA_FILES } from "./index.ts";

/** The text of every published schema file, by file name: stable key order, two-space JSON. */
export function renderSchemaFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, schema] of Object.entries(SCHEMA_FILES)) {
    // Identification first, as readers of a schema file expect; then the body as defined.
    const { $schema, $id, title, description, ...body } = schema as Record<string, unknown>;
    const ordered = { $schema, $id, title, description, ...body };
    out[name] = `${JSON.stringify(ordered, null, 2)}\n`;
  }
  return out;
}
