import { describe, expect, it } from "vitest";
import { edit, validateTemplate } from "../helpers/check-repo.ts";

const MODEL = "models/fraud-detection.yaml";
const ENTITIES = "features/entities.yaml";

describe("duplicate names", () => {
  it("reports a name declared twice for one kind at the second declaration, naming the first", async () => {
    const found = await validateTemplate((f) => {
      f["models/z-copy.yaml"] = f[MODEL] as string;
    });
    expect(found).toEqual([
      {
        file: "models/z-copy.yaml",
        line: 5,
        column: 9,
        severity: "error",
        code: "SLW101",
        message: "Model `fraud-detection` is already declared at models/fraud-detection.yaml:5",
      },
    ]);
  });

  it("reports a repeated name within one file", async () => {
    const found = await validateTemplate((f) => {
      const first = (f[ENTITIES] as string).split("---\n")[0] as string;
      f[ENTITIES] = `${f[ENTITIES]}---\n${first}`;
    });
    expect(found).toEqual([
      {
        file: ENTITIES,
        line: 27,
        column: 9,
        severity: "error",
        code: "SLW101",
        message: "Entity `customer` is already declared at features/entities.yaml:5",
      },
    ]);
  });

  it("allows one name in different kinds", async () => {
    const found = await validateTemplate((f) => {
      edit(
        f,
        "pipelines/fraud-detection-retrain.yaml",
        "name: fraud-detection-retrain",
        "name: fraud-detection",
      );
      edit(f, "monitors/fraud-detection-drift.yaml", "name: fraud-detection-drift", "name: fraud-detection");
      edit(f, MODEL, "monitors: [fraud-detection-drift]", "monitors: [fraud-detection]");
      edit(
        f,
        "pipelines/fraud-detection-retrain.yaml",
        "monitor: fraud-detection-drift",
        "monitor: fraud-detection",
      );
    });
    expect(found).toEqual([]);
  });

  it("reports a duplicate even when the first declaration's spec is invalid", async () => {
    const found = await validateTemplate((f) => {
      f["models/a-draft.yaml"] = (f[MODEL] as string).replace("min: 2\n", "min: two\n");
    });
    expect(found).toEqual([
      {
        file: "models/a-draft.yaml",
        line: 24,
        column: 12,
        severity: "error",
        code: "SLW032",
        message: "`spec.serving.replicas.min` must be a whole number, not text",
      },
      {
        file: MODEL,
        line: 5,
        column: 9,
        severity: "error",
        code: "SLW101",
        message: "Model `fraud-detection` is already declared at models/a-draft.yaml:5",
      },
    ]);
  });

  it("reports a duplicate even when the second declaration's spec is invalid", async () => {
    const found = await validateTemplate((f) => {
      f["models/z-draft.yaml"] = (f[MODEL] as string).replace("min: 2\n", "min: two\n");
    });
    expect(found.map((d) => [d.file, d.line, d.code, d.message.slice(0, 40)])).toEqual([
      ["models/z-draft.yaml", 5, "SLW101", "Model `fraud-detection` is already decla"],
      ["models/z-draft.yaml", 24, "SLW032", expect.any(String)],
    ]);
  });

  it("reports an environment declared twice in .slipway.yml", async () => {
    const found = await validateTemplate((f) => {
      edit(f, ".slipway.yml", "  - name: production\n", "  - name: staging\n");
    });
    expect(found).toContainEqual({
      file: ".slipway.yml",
      line: 8,
      column: 11,
      severity: "error",
      code: "SLW101",
      message: "environment `staging` is declared twice",
    });
  });

  it("reports a monitor column listed twice", async () => {
    const found = await validateTemplate((f) => {
      edit(
        f,
        "monitors/fraud-detection-drift.yaml",
        "    - { name: is_fraud, type: categorical }\n",
        "    - { name: is_fraud, type: categorical }\n    - { name: avg_amount_30d }\n",
      );
    });
    expect(found).toEqual([
      {
        file: "monitors/fraud-detection-drift.yaml",
        line: 25,
        column: 15,
        severity: "error",
        code: "SLW101",
        message: "column `avg_amount_30d` is listed twice",
      },
    ]);
  });
});
