import { describe, expect, it } from "vitest";
import { edit, validateTemplate } from "../helpers/check-repo.ts";

const MODEL = "models/fraud-detection.yaml";
const SERVICE = "features/fraud-detection-v2.yaml";
const CUSTOMER = "features/customer-stats.yaml";
const MERCHANT = "features/merchant-stats.yaml";
const MONITOR = "monitors/fraud-detection-drift.yaml";
const PIPELINE = "pipelines/fraud-detection-retrain.yaml";

describe("references between manifests", () => {
  it("reports a model's unknown feature service with a did-you-mean", async () => {
    const found = await validateTemplate((f) => {
      edit(f, MODEL, "service: fraud_detection_v2", "service: fraud_detection_v3");
    });
    expect(found).toEqual([
      {
        file: MODEL,
        line: 17,
        column: 14,
        severity: "error",
        code: "SLW102",
        message:
          "feature service `fraud_detection_v3` is not declared in the repository (did you mean `fraud_detection_v2`?)",
      },
    ]);
  });

  it("suggests nothing when no declared name is close", async () => {
    const found = await validateTemplate((f) => {
      edit(f, MODEL, "service: fraud_detection_v2", "service: churn_scoring");
    });
    expect(found.map((d) => d.message)).toEqual([
      "feature service `churn_scoring` is not declared in the repository",
    ]);
  });

  it("checks a model's own `view:feature` refs: unknown view, unknown feature, with suggestions", async () => {
    const found = await validateTemplate((f) => {
      edit(
        f,
        MODEL,
        "service: fraud_detection_v2",
        "refs: [customer_stats:avg_amount_3d, custmer_stats:transaction_count_7d, merchant_stats:chargebacks]",
      );
    });
    expect(found).toEqual([
      {
        file: MODEL,
        line: 17,
        column: 12,
        severity: "error",
        code: "SLW103",
        message:
          "feature view `customer_stats` has no feature `avg_amount_3d` (did you mean `customer_stats:avg_amount_30d`?)",
      },
      {
        file: MODEL,
        line: 17,
        column: 42,
        severity: "error",
        code: "SLW102",
        message:
          "feature view `custmer_stats` is not declared in the repository (did you mean `customer_stats`?)",
      },
      {
        file: MODEL,
        line: 17,
        column: 78,
        severity: "error",
        code: "SLW103",
        message: "feature view `merchant_stats` has no feature `chargebacks` (it has: fraud_rate_90d)",
      },
    ]);
  });

  it("checks a feature service's `view:feature` refs", async () => {
    const found = await validateTemplate((f) => {
      edit(f, SERVICE, "- merchant_stats:fraud_rate_90d", "- merchant_stats:fraud_rate_90");
    });
    expect(found).toEqual([
      {
        file: SERVICE,
        line: 11,
        column: 7,
        severity: "error",
        code: "SLW103",
        message:
          "feature view `merchant_stats` has no feature `fraud_rate_90` (did you mean `merchant_stats:fraud_rate_90d`?)",
      },
    ]);
  });

  it("checks a feature view's entities", async () => {
    const found = await validateTemplate((f) => {
      edit(f, CUSTOMER, "entities: [customer]", "entities: [custmer]");
    });
    expect(found).toEqual([
      {
        file: CUSTOMER,
        line: 8,
        column: 14,
        severity: "error",
        code: "SLW102",
        message: "entity `custmer` is not declared in the repository (did you mean `customer`?)",
      },
    ]);
  });

  it("checks a monitor's model, and that the model's monitors watch it", async () => {
    const found = await validateTemplate((f) => {
      edit(f, MONITOR, "model: fraud-detection", "model: fraud-detectoin");
    });
    expect(found).toEqual([
      {
        file: MODEL,
        line: 45,
        column: 14,
        severity: "error",
        code: "SLW102",
        message: "monitor `fraud-detection-drift` watches model `fraud-detectoin`, not `fraud-detection`",
      },
      {
        file: MONITOR,
        line: 8,
        column: 10,
        severity: "error",
        code: "SLW102",
        message:
          "model `fraud-detectoin` is not declared in the repository (did you mean `fraud-detection`?)",
      },
    ]);
  });

  it("checks a model's monitors, and warns when a monitor's model does not list it", async () => {
    const found = await validateTemplate((f) => {
      edit(f, MODEL, "monitors: [fraud-detection-drift]", "monitors: [fraud-detection-drfit]");
    });
    expect(found).toEqual([
      {
        file: MODEL,
        line: 45,
        column: 14,
        severity: "error",
        code: "SLW102",
        message:
          "monitor `fraud-detection-drfit` is not declared in the repository (did you mean `fraud-detection-drift`?)",
      },
      {
        file: MONITOR,
        line: 8,
        column: 10,
        severity: "warning",
        code: "SLW104",
        message: "model `fraud-detection` does not list this monitor in spec.monitors",
      },
    ]);
  });

  it("warns about an unlinked monitor when the model lists no monitors at all", async () => {
    const found = await validateTemplate((f) => {
      edit(f, MODEL, "  monitors: [fraud-detection-drift]\n", "");
    });
    expect(found).toEqual([
      {
        file: MONITOR,
        line: 8,
        column: 10,
        severity: "warning",
        code: "SLW104",
        message: "model `fraud-detection` does not list this monitor in spec.monitors",
      },
    ]);
  });

  it("checks a pipeline's model and trigger monitor", async () => {
    const found = await validateTemplate((f) => {
      edit(f, PIPELINE, "  model: fraud-detection\n", "  model: fraud-detect\n");
      edit(f, PIPELINE, "monitor: fraud-detection-drift", "monitor: fraud-detection-skew");
    });
    expect(found).toEqual([
      {
        file: PIPELINE,
        line: 13,
        column: 10,
        severity: "error",
        code: "SLW102",
        message: "model `fraud-detect` is not declared in the repository (did you mean `fraud-detection`?)",
      },
      {
        file: PIPELINE,
        line: 23,
        column: 16,
        severity: "error",
        code: "SLW102",
        message:
          "monitor `fraud-detection-skew` is not declared in the repository (did you mean `fraud-detection-drift`?)",
      },
    ]);
  });

  it("checks that a pipeline package path is a file of the repository", async () => {
    const toPath = (path: string) => (f: Record<string, string>) =>
      edit(f, PIPELINE, "path: packages/fraud-detection-retrain.yaml", `path: ${path}`);
    expect(await validateTemplate(toPath("kfp/retrain.yaml"))).toEqual([
      {
        file: PIPELINE,
        line: 10,
        column: 11,
        severity: "error",
        code: "SLW102",
        message: "pipeline package `kfp/retrain.yaml` is not a file in the repository",
      },
    ]);
    const withPackage = (path: string) => (f: Record<string, string>) => {
      toPath(path)(f);
      f["kfp/retrain.yaml"] = f["packages/fraud-detection-retrain.yaml"] as string;
    };
    expect(await validateTemplate(withPackage("kfp/retrain.yaml"))).toEqual([]);
    expect(await validateTemplate(withPackage("./kfp/retrain.yaml"))).toEqual([]);
  });

  it("reports both `features.service` and `features.refs` as ambiguous", async () => {
    const found = await validateTemplate((f) => {
      edit(
        f,
        MODEL,
        "service: fraud_detection_v2\n",
        "service: fraud_detection_v2\n    refs: [customer_stats:avg_amount_30d]\n",
      );
    });
    expect(found).toEqual([
      {
        file: MODEL,
        line: 17,
        column: 5,
        severity: "error",
        code: "SLW105",
        message: "give either `features.service` or `features.refs`, not both",
      },
    ]);
  });

  it("does not report references to a manifest whose own spec is invalid a second time", async () => {
    const found = await validateTemplate((f) => {
      // Every manifest the model, monitor and pipeline point at is declared, but with an invalid spec.
      edit(f, MERCHANT, "dtype: float64", "dtype: float128");
      edit(f, "features/entities.yaml", "joinKeys: [customer_id]", "joinKeys: customer_id");
      edit(f, MONITOR, "datasetShare: 0.5", "datasetShare: 2");
    });
    expect(found.map((d) => [d.file, d.line, d.code])).toEqual([
      ["features/entities.yaml", 8, "SLW032"],
      [MERCHANT, 12, "SLW033"],
      [MONITOR, 27, "SLW034"],
    ]);
  });

  it("does not call a monitor's columns unknown when a view of the model's features is invalid", async () => {
    const found = await validateTemplate((f) => {
      edit(f, MERCHANT, "dtype: float64", "dtype: float128");
    });
    expect(found.map((d) => [d.file, d.line, d.code])).toEqual([[MERCHANT, 12, "SLW033"]]);
  });
});
