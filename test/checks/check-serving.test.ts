import { describe, expect, it } from "vitest";
import { edit, type Finding, validateTemplate } from "../helpers/check-repo.ts";

const MODEL = "models/fraud-detection.yaml";

/** Rewrites the model's serving runtime, format and protocol lines (19–21), keeping line numbers. */
function serving(runtime: string, format: string | null, protocol = "v2") {
  return (f: Record<string, string>) => {
    edit(
      f,
      MODEL,
      "    runtime: kserve\n    format: lightgbm\n    protocol: v2\n",
      `    runtime: ${runtime}\n${format === null ? "    # no format\n" : `    format: ${format}\n`}    protocol: ${protocol}\n`,
    );
  };
}

const at = (line: number, column: number, code: string, message: string, severity = "error"): Finding =>
  ({ file: MODEL, line, column, severity, code, message }) as Finding;

const DEPLOYMENT_NOT_ALLOWED = at(
  19,
  14,
  "SLW161",
  "runtime `deployment` is not allowed by policy (allowed: kserve, seldon)",
);

describe("serving: runtime and format", () => {
  it("accepts every format KServe serves, vLLM included", async () => {
    for (const format of ["mlflow", "sklearn", "xgboost", "triton", "huggingface", "vllm", "onnx"]) {
      expect(await validateTemplate(serving("kserve", format)), format).toEqual([]);
    }
  });

  it("refuses vLLM on Seldon Core 2", async () => {
    expect(await validateTemplate(serving("seldon", "vllm"))).toEqual([
      at(20, 13, "SLW130", "runtime `seldon` cannot serve format `vllm`"),
    ]);
    expect(await validateTemplate(serving("seldon", "huggingface"))).toEqual([]);
  });

  it("requires a format for kserve and seldon", async () => {
    expect(await validateTemplate(serving("kserve", null))).toEqual([
      at(19, 14, "SLW131", "runtime `kserve` needs `serving.format`"),
    ]);
    expect(await validateTemplate(serving("seldon", null))).toEqual([
      at(19, 14, "SLW131", "runtime `seldon` needs `serving.format`"),
    ]);
  });

  it("refuses an image on kserve, which loads the registered model", async () => {
    const found = await validateTemplate((f) => {
      edit(f, MODEL, "    protocol: v2\n", "    image: ghcr.io/acme/fraud:1.0\n");
    });
    expect(found).toEqual([
      at(
        21,
        12,
        "SLW130",
        "`image` is only used by runtime `deployment`; kserve and seldon load the registered model",
      ),
    ]);
  });

  it("needs an image for a plain deployment, whose canary splits by replica ratio", async () => {
    expect(await validateTemplate(serving("deployment", null))).toEqual([
      at(19, 14, "SLW131", "runtime `deployment` needs `serving.image`"),
      DEPLOYMENT_NOT_ALLOWED,
    ]);
  });

  it("refuses a format on a plain deployment, which serves its image", async () => {
    const found = await validateTemplate((f) => {
      serving("deployment", "sklearn")(f);
      edit(f, MODEL, "    protocol: v2\n", "    image: ghcr.io/acme/fraud:1.0\n");
    });
    expect(found).toEqual([
      DEPLOYMENT_NOT_ALLOWED,
      at(20, 13, "SLW130", "`format` applies to kserve and seldon; a deployment serves its image"),
    ]);
  });
});

describe("serving: protocol", () => {
  it("refuses MLflow models over the v1 protocol on KServe", async () => {
    expect(await validateTemplate(serving("kserve", "mlflow", "v1"))).toEqual([
      at(21, 15, "SLW130", "KServe serves MLflow models over the v2 protocol only"),
    ]);
    expect(await validateTemplate(serving("kserve", "sklearn", "v1"))).toEqual([]);
  });

  it("refuses the v1 protocol on Seldon Core 2", async () => {
    expect(await validateTemplate(serving("seldon", "sklearn", "v1"))).toEqual([
      at(21, 15, "SLW130", "Seldon Core 2 serves the open inference (v2) protocol only"),
    ]);
  });
});

describe("serving: replicas and canary", () => {
  it("reports replicas.min above replicas.max at min", async () => {
    const found = await validateTemplate((f) => edit(f, MODEL, "      min: 2\n", "      min: 12\n"));
    expect(found).toEqual([at(24, 12, "SLW132", "replicas.min (12) is above replicas.max (10)")]);
  });

  it("accepts replicas.min equal to replicas.max, and scale to zero", async () => {
    expect(await validateTemplate((f) => edit(f, MODEL, "      min: 2\n", "      min: 10\n"))).toEqual([]);
    expect(await validateTemplate((f) => edit(f, MODEL, "      min: 2\n", "      min: 0\n"))).toEqual([]);
  });

  it("warns about a canary of 0% or 100%, which sends all traffic to one version", async () => {
    for (const percent of [0, 100]) {
      const found = await validateTemplate((f) => edit(f, MODEL, "percent: 10", `percent: ${percent}`));
      expect(found).toEqual([
        at(33, 16, "SLW133", `a canary of ${percent}% sends all traffic to one version`, "warning"),
      ]);
    }
    expect(await validateTemplate((f) => edit(f, MODEL, "percent: 10", "percent: 1"))).toEqual([]);
    expect(await validateTemplate((f) => edit(f, MODEL, "percent: 10", "percent: 99"))).toEqual([]);
  });

  it("refuses a cpu or memory request above its limit, comparing quantities", async () => {
    const found = await validateTemplate((f) => {
      edit(f, MODEL, '      cpu: "1"\n', "      cpu: 2500m\n");
      edit(f, MODEL, "      memory: 2Gi\n", "      memory: 4097Mi\n");
    });
    expect(found).toEqual([
      at(27, 12, "SLW138", "cpu request 2500m is above its limit 2"),
      at(28, 15, "SLW138", "memory request 4097Mi is above its limit 4Gi"),
    ]);
    const equal = await validateTemplate((f) => edit(f, MODEL, '      cpu: "1"\n', "      cpu: 2000m\n"));
    expect(equal).toEqual([]);
  });

  it("refuses a canary percent outside 0–100 in the schema", async () => {
    const found = await validateTemplate((f) => edit(f, MODEL, "percent: 10", "percent: 101"));
    expect(found.map((d) => [d.line, d.column, d.code])).toEqual([[33, 16, "SLW034"]]);
  });
});
