import { describe, it } from "vitest";
import { objectsYaml } from "../../src/report/objects-yaml.ts";
import { expectGolden } from "../helpers/golden.ts";
import { renderTemplate, servingObjects, VARIANTS } from "./render-fixtures.ts";

// One golden per runtime, KServe format and deployment mode: the serving objects a reviewer would see.
describe("serving objects per runtime, format and mode", () => {
  it.each(VARIANTS.map((v) => [v.name, v] as const))("%s (golden)", async (name, variant) => {
    const result = await renderTemplate(variant.mutate, variant.options);
    expectGolden(`render/serving/${name}.yaml`, objectsYaml(servingObjects(result)));
  });
});
