import { describe, expect, it } from "vitest";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { DEFAULT_BINDING } from "../../src/render/render-context.ts";
import { renderEnvironment } from "../../src/render/render-environment.ts";
import { objectsYaml } from "../../src/report/objects-yaml.ts";
import { exampleBinding } from "../helpers/check-repo.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";
import { COMMIT, renderTemplate } from "./render-fixtures.ts";

describe("ownership metadata and deterministic output", () => {
  it("labels and annotates every object with its manager, environment, manifest and commit", async () => {
    const { objects } = await renderTemplate();
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects) {
      expect(o.metadata.labels?.["app.kubernetes.io/managed-by"], o.metadata.name).toBe("slipway");
      expect(o.metadata.labels?.["slipway.dev/environment"]).toBe("staging");
      expect(o.metadata.annotations?.["slipway.dev/source-commit"]).toBe(COMMIT);
      const paths = o.metadata.annotations?.["slipway.dev/manifest-path"]?.split(",") ?? [];
      expect(paths.length).toBeGreaterThan(0);
      for (const p of paths)
        expect(p).toMatch(/^(models|features|monitors|platform)\/[a-z0-9-]+\.yaml(#\d+)?$/);
    }
  });

  it("copies a manifest's own labels, but never lets them override Slipway's", async () => {
    const { objects } = await renderTemplate((files) => {
      files["models/fraud-detection.yaml"] = (files["models/fraud-detection.yaml"] ?? "").replace(
        "    team: risk\n",
        "    team: risk\n    app.kubernetes.io/managed-by: someone-else\n",
      );
    });
    const isvc = objects.find((o) => o.kind === "InferenceService");
    expect(isvc?.metadata.labels?.team).toBe("risk");
    expect(isvc?.metadata.labels?.["app.kubernetes.io/managed-by"]).toBe("slipway");
  });

  it("gives byte-identical output whatever order the files are read in", async () => {
    const files = await templateFiles();
    const render = (entries: [string, string][]) => {
      const { snapshot } = validateRepo(treeOf(Object.fromEntries(entries)), { binding: exampleBinding() });
      return objectsYaml(
        renderEnvironment({ snapshot, environment: "staging", binding: DEFAULT_BINDING, commit: COMMIT })
          .objects,
      );
    };
    const forward = render(Object.entries(files));
    expect(render(Object.entries(files).reverse())).toBe(forward);
    expect(forward).toContain("kind: InferenceService");
  });

  it("sorts objects and the keys inside them", async () => {
    const { objects } = await renderTemplate();
    const keys = objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
    expect(keys).toEqual([...keys].sort());
    const checkSorted = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const item of value) checkSorted(item);
        return;
      }
      if (value === null || typeof value !== "object") return;
      const k = Object.keys(value);
      expect(k).toEqual([...k].sort());
      for (const v of Object.values(value)) checkSorted(v);
    };
    checkSorted(objects);
  });
});
