// Writes the JSON Schemas from the schema definitions in src/manifests/schemas/, to schemas/ (docs, the
// server configuration example) and to the template's .slipway/schemas/ (its `$schema` lines point
// there, so a repository made from the template checks in an editor on its own). Committed; a test
// fails when either copy drifts from the definitions.
import { mkdirSync, writeFileSync } from "node:fs";
import { renderSchemaFiles } from "../src/manifests/schemas/render-schema-files.ts";

for (const target of ["schemas/", "platform-repo-template/.slipway/schemas/"]) {
  const dir = new URL(`../${target}`, import.meta.url);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(renderSchemaFiles())) {
    writeFileSync(new URL(name, dir), text);
    process.stdout.write(`wrote ${target}${name}\n`);
  }
}
