import { beforeAll, describe, expect, it } from "vitest";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";

const MODEL = "models/fraud-detection.yaml";
let template: Record<string, string>;
beforeAll(async () => {
  template = await templateFiles();
});

function validate(changes: Record<string, string | null>) {
  const files = { ...template };
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete files[path];
    else files[path] = text;
  }
  const result = validateRepo(treeOf(files));
  const found = result.diagnostics
    .filter((d) => d.code !== "SLW123")
    .map((d) => ({
      at: `${d.file}:${d.line}:${d.column}`,
      severity: d.severity,
      code: d.code,
      message: d.message,
    }));
  return { result, found };
}

/** The two manifests that name the model: its monitor and its retraining pipeline. */
const CONSEQUENCES = [
  { at: "monitors/fraud-detection-drift.yaml:8:10", file: "monitors/fraud-detection-drift.yaml" },
  { at: "pipelines/fraud-detection-retrain.yaml:13:10", file: "pipelines/fraud-detection-retrain.yaml" },
];

describe("validation points at the real cause", () => {
  it("an empty manifest is its own error, and what it would declare is its consequence, not an error", () => {
    const { result, found } = validate({ [MODEL]: "" });
    expect(found).toEqual([
      {
        at: `${MODEL}:1:1`,
        severity: "error",
        code: "SLW008",
        message: "the file is empty: it declares no manifest",
      },
      ...CONSEQUENCES.map((c) => ({
        at: c.at,
        severity: "notice",
        code: "SLW009",
        message: `model \`fraud-detection\` is not declared: ${MODEL}, which appears to declare it, could not be read (its own error says why)`,
      })),
    ]);
    expect(result.summary.errors).toBe(1);
  });

  it("an empty feature service file explains the snake_case name its kebab-case file is named after", () => {
    const { result, found } = validate({ "features/fraud-detection-v2.yaml": "" });
    expect(found.map((d) => `${d.severity} ${d.code} ${d.at}`)).toEqual([
      "error SLW008 features/fraud-detection-v2.yaml:1:1",
      "notice SLW009 models/fraud-detection.yaml:17:14",
    ]);
    expect(found[1]?.message).toBe(
      "feature service `fraud_detection_v2` is not declared: features/fraud-detection-v2.yaml, which appears to declare it, could not be read (its own error says why)",
    );
    expect(result.summary.errors).toBe(1);
  });

  it("a file of comments only is empty too", () => {
    const { found } = validate({ [MODEL]: "# to do\n---\n" });
    expect(found[0]).toMatchObject({
      code: "SLW008",
      message: "the file holds no YAML document, only comments: it declares no manifest",
    });
  });

  it.each([
    ["a tab", (t: string) => t.replace("\n  registry:", "\n\tregistry:"), "SLW012"],
    [
      "a duplicate key",
      (t: string) => t.replace("\nkind: Model\n", "\nkind: Model\nkind: Model\n"),
      "SLW011",
    ],
    ["an unclosed [", (t: string) => t.replace("monitors: [", "monitors: [[ "), "SLW010"],
  ])(
    "a manifest made unparsable by %s has its located error; references to it follow from it",
    (_what, breakIt, code) => {
      const broken = breakIt(template[MODEL] ?? "");
      expect(broken).not.toBe(template[MODEL]);
      const { result, found } = validate({ [MODEL]: broken });
      expect(found.filter((d) => d.severity === "error")).toEqual([
        expect.objectContaining({ code, at: expect.stringMatching(new RegExp(`^${MODEL}:\\d+:\\d+$`)) }),
      ]);
      expect(found.filter((d) => d.code === "SLW009").map((d) => d.at)).toEqual(
        CONSEQUENCES.map((c) => c.at),
      );
      expect(found.some((d) => d.code === "SLW102")).toBe(false);
      expect(result.summary.errors).toBe(1);
    },
  );

  it("names unread files beside a reference they might explain but do not visibly declare", () => {
    const { found } = validate({
      "models/notes.yaml": "key: [unclosed\n",
      "monitors/fraud-detection-drift.yaml": (template["monitors/fraud-detection-drift.yaml"] ?? "").replace(
        "model: fraud-detection",
        "model: churn",
      ),
    });
    expect(found).toContainEqual(
      expect.objectContaining({
        code: "SLW102",
        severity: "error",
        message:
          "model `churn` is not declared in the repository (models/notes.yaml could not be read and may declare it)",
      }),
    );
  });

  it("warns about a Slipway manifest outside the manifest folders, naming the setting", () => {
    const { result, found } = validate({
      "extra/churn.yaml": "# a model kept aside\napiVersion: slipway.dev/v1alpha1\nkind: Model\n",
      ".github/workflows/ci.yaml": "name: ci\non: push\n",
      "docs/example.yaml": "apiVersion: apps/v1\nkind: Deployment\n",
    });
    expect(found).toEqual([
      {
        at: "extra/churn.yaml:2:1",
        severity: "warning",
        code: "SLW025",
        message:
          "this file holds a Slipway manifest (kind Model) but is outside the folders manifests are read from " +
          "(platform, models, features, monitors, pipelines: `manifests.paths` in .slipway.yml), so it is ignored",
      },
    ]);
    expect(result.ok).toBe(true);
  });

  it("reads a folder added to manifests.paths, and warns with the configured folders", () => {
    const config = `${template[".slipway.yml"]}manifests:\n  paths: [platform, models, features, monitors, pipelines, extra]\n`;
    const model = (template[MODEL] ?? "").replace("name: fraud-detection\n", "name: churn-model\n");
    const added = validate({ ".slipway.yml": config, "extra/churn.yaml": model });
    expect(added.found.filter((d) => d.code === "SLW025")).toEqual([]);
    expect(added.result.snapshot.declared.Model.has("churn-model")).toBe(true);
    const elsewhere = validate({ ".slipway.yml": config, "other/churn.yaml": model });
    expect(elsewhere.found.find((d) => d.code === "SLW025")?.message).toContain(
      "(platform, models, features, monitors, pipelines, extra: `manifests.paths` in .slipway.yml)",
    );
  });
});
