import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { renderSchemaFiles } from "../../src/manifests/schemas/render-schema-files.ts";

const SCHEMA_DIRS = [
  new URL("../../schemas/", import.meta.url),
  new URL("../../platform-repo-template/.slipway/schemas/", import.meta.url),
];

describe("schemas/", () => {
  it.each(SCHEMA_DIRS.map((d) => [d.pathname.replace(/^.*\/(?=(platform-repo-template|schemas))/, ""), d]))(
    "%s holds exactly the files generated from the schema definitions (run `npm run schemas` after a change)",
    (_name, dir) => {
      const expected = renderSchemaFiles();
      const onDisk = readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .sort();
      expect(onDisk).toEqual(Object.keys(expected).sort());
      for (const [name, text] of Object.entries(expected)) {
        expect(readFileSync(new URL(name, dir), "utf8"), name).toBe(text);
      }
    },
  );

  it("publishes draft 2020-12 schemas that a standard validator compiles without Slipway's extensions", () => {
    // Editors load these files with their own validator: only `patternErrorMessage` (understood by
    // yaml-language-server) is added to the standard vocabulary.
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
    for (const [name, text] of Object.entries(renderSchemaFiles())) {
      const schema = JSON.parse(text) as { $schema: string; $id: string };
      expect(schema.$schema, name).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(schema.$id, name).toMatch(new RegExp(`/${name.replace(/\./g, "\\.")}$`));
      expect(() => ajv.compile(schema), name).not.toThrow();
    }
  });
});
