// Writes schemas/*.schema.json from the schema definitions in src/manifests/schemas/.
// The files are committed for editors (yaml-language-server) and docs; a test fails when they drift.
import { mkdirSync, writeFileSync } from "node:fs";
import { renderSchemaFiles } from "../src/manifests/schemas/render-schema-files.ts";

const dir = new URL("../schemas/", import.meta.url);
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(renderSchemaFiles())) {
  writeFileSync(new URL(name, dir), text);
  process.stdout.write(`wrote schemas/${name}\n`);
}
