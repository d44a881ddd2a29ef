import { describe, expect, it } from "vitest";
import { edit, type Finding, validateTemplate } from "../helpers/check-repo.ts";

const MODEL = "models/fraud-detection.yaml";
const STACK = "platform/stack.yaml";
const CONFIG = ".slipway.yml";
const ALLOWED_NAMESPACES = "ml-serving, mlflow, feast, kubeflow, kserve, seldon-system, monitoring";
const ALLOWED_CHARTS = [
  "https://community-charts.github.io/helm-charts",
  "https://feast-helm-charts.storage.googleapis.com",
  "oci://ghcr.io/kserve/charts",
  "https://storage.googleapis.com/seldon-charts",
  "https://prometheus-community.github.io/helm-charts",
  "https://grafana.github.io/helm-charts",
  "oci://ghcr.io/acme/charts",
].join(", ");

const error = (file: string, line: number, column: number, code: string, message: string): Finding =>
  ({ file, line, column, severity: "error", code, message }) as Finding;

/** Serves the model as a plain deployment of `image` (lines 19–21), with the policy allowing the runtime. */
function deployment(image: string) {
  return (f: Record<string, string>) => {
    edit(
      f,
      MODEL,
      "    runtime: kserve\n    format: lightgbm\n    protocol: v2\n",
      `    runtime: deployment\n    image: ${image}\n    port: 8080\n`,
    );
    edit(f, MODEL, "    canary:\n      percent: 10\n", "    # no canary\n    #\n");
    edit(f, CONFIG, "runtimes: [kserve, seldon]", "runtimes: [kserve, seldon, deployment]");
  };
}

describe("policy", () => {
  it("refuses a model namespace the policy does not allow", async () => {
    const found = await validateTemplate((f) =>
      edit(f, MODEL, "namespace: ml-serving", "namespace: ml-sandbox"),
    );
    expect(found).toEqual([
      error(
        MODEL,
        22,
        16,
        "SLW160",
        `namespace \`ml-sandbox\` is not allowed by policy (allowed: ${ALLOWED_NAMESPACES})`,
      ),
      error(
        MODEL,
        22,
        16,
        "SLW160",
        "namespace `ml-sandbox` is not one Slipway may write in `production` (bound: ml-serving, mlflow, feast, kubeflow, kserve, seldon-system, monitoring)",
      ),
      error(
        MODEL,
        22,
        16,
        "SLW160",
        "namespace `ml-sandbox` is not one Slipway may write in `staging` (bound: ml-serving, mlflow, feast, kubeflow, kserve, monitoring)",
      ),
    ]);
  });

  it("refuses a component namespace the policy does not allow", async () => {
    const found = await validateTemplate((f) =>
      edit(f, STACK, "      namespace: seldon-system\n", "      namespace: seldon-mesh\n"),
    );
    expect(found).toEqual([
      error(
        STACK,
        88,
        18,
        "SLW160",
        `namespace \`seldon-mesh\` is not allowed by policy (allowed: ${ALLOWED_NAMESPACES})`,
      ),
    ]);
  });

  it("refuses a runtime the policy does not allow", async () => {
    const found = await validateTemplate((f) =>
      edit(f, CONFIG, "runtimes: [kserve, seldon]", "runtimes: [seldon]"),
    );
    expect(found).toEqual([
      error(MODEL, 19, 14, "SLW161", "runtime `kserve` is not allowed by policy (allowed: seldon)"),
    ]);
  });

  it("refuses an image from a registry the policy does not allow, matching whole path segments", async () => {
    expect(await validateTemplate(deployment("ghcr.io/acme/fraud-scorer:1.4.2"))).toEqual([]);
    for (const image of ["docker.io/library/python:3.12", "ghcr.io/acme-evil/fraud-scorer:1.4.2"]) {
      expect(await validateTemplate(deployment(image)), image).toEqual([
        error(MODEL, 20, 12, "SLW162", "the image is not from an allowed registry (allowed: ghcr.io/acme/)"),
      ]);
    }
    const withoutSlash = (image: string) => (f: Record<string, string>) => {
      deployment(image)(f);
      edit(f, CONFIG, 'imageRegistries: ["ghcr.io/acme/"]', 'imageRegistries: ["ghcr.io/acme"]');
    };
    expect(await validateTemplate(withoutSlash("ghcr.io/acme/fraud-scorer:1.4.2"))).toEqual([]);
    expect(await validateTemplate(withoutSlash("ghcr.io/acmecorp/fraud-scorer:1.4.2"))).toEqual([
      error(MODEL, 20, 12, "SLW162", "the image is not from an allowed registry (allowed: ghcr.io/acme)"),
    ]);
  });

  it("refuses more replicas than maxReplicas", async () => {
    const found = await validateTemplate((f) => edit(f, MODEL, "      max: 10\n", "      max: 25\n"));
    expect(found).toEqual([
      error(MODEL, 25, 12, "SLW163", "replicas.max 25 exceeds the policy's maxReplicas 20"),
    ]);
    expect(await validateTemplate((f) => edit(f, MODEL, "      max: 10\n", "      max: 20\n"))).toEqual([]);
  });

  it("compares CPU as quantities: 500m is below 2, 2500m above", async () => {
    const found = await validateTemplate((f) => {
      edit(f, CONFIG, '    cpu: "8"\n', "    cpu: 2\n");
      edit(f, MODEL, '      cpu: "1"\n', "      cpu: 500m\n");
      edit(f, MODEL, '        cpu: "2"\n', "        cpu: 2500m\n");
    });
    expect(found).toEqual([
      error(MODEL, 30, 14, "SLW164", "cpu 2500m exceeds the policy's maximum 2 per replica"),
    ]);
  });

  it("compares memory as quantities: 40Gi is above 32Gi, 32000Mi below", async () => {
    const found = await validateTemplate((f) => {
      edit(f, MODEL, "      memory: 2Gi\n", "      memory: 40Gi\n");
      edit(f, MODEL, "        memory: 4Gi\n", "        memory: 32000Mi\n");
    });
    expect(found).toEqual([
      error(MODEL, 28, 15, "SLW138", "memory request 40Gi is above its limit 32000Mi"),
      error(MODEL, 28, 15, "SLW164", "memory 40Gi exceeds the policy's maximum 32Gi per replica"),
    ]);
  });

  it("refuses more GPUs than the policy allows", async () => {
    const found = await validateTemplate((f) =>
      edit(f, MODEL, "      memory: 2Gi\n", "      memory: 2Gi\n      gpu: 2\n"),
    );
    expect(found).toEqual([
      error(MODEL, 29, 12, "SLW164", "gpu 2 exceeds the policy's maximum 1 per replica"),
    ]);
    expect(
      await validateTemplate((f) =>
        edit(f, MODEL, "      memory: 2Gi\n", "      memory: 2Gi\n      gpu: 1\n"),
      ),
    ).toEqual([]);
  });

  it("refuses a chart repository the policy does not allow, matching whole path segments", async () => {
    for (const repository of [
      "https://charts.example.com/grafana",
      "https://grafana.github.io/helm-charts-mirror",
    ]) {
      const found = await validateTemplate((f) =>
        edit(f, STACK, "repository: https://grafana.github.io/helm-charts\n", `repository: ${repository}\n`),
      );
      expect(found, repository).toEqual([
        error(
          STACK,
          113,
          21,
          "SLW165",
          `chart repository of \`grafana\` is not allowed by policy (allowed: ${ALLOWED_CHARTS})`,
        ),
      ]);
    }
  });

  it("checks nothing without a policy", async () => {
    const found = await validateTemplate((f) => {
      const config = f[CONFIG] as string;
      f[CONFIG] = config.slice(0, config.indexOf("policy:\n"));
      edit(f, MODEL, "      max: 10\n", "      max: 200\n");
    });
    expect(found).toEqual([]);
  });

  // Issue 15: policy.evidence.requireEvaluationData, a boolean; anything else is located on its line.
  it("accepts policy.evidence.requireEvaluationData and refuses what is not a boolean", async () => {
    const strict = (value: string) => (f: Record<string, string>) =>
      edit(f, CONFIG, "  prune:\n", `  evidence:\n    requireEvaluationData: ${value}\n  prune:\n`);
    expect(await validateTemplate(strict("true"))).toEqual([]);
    const found = await validateTemplate(strict('"yes"'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: CONFIG, line: 37, severity: "error" });
    expect(found[0]?.message).toContain("requireEvaluationData");
    const unknown = await validateTemplate((f) =>
      edit(f, CONFIG, "  prune:\n", "  evidence:\n    requireEvalData: true\n  prune:\n"),
    );
    expect(unknown[0]?.message).toContain("requireEvalData");
  });
});
