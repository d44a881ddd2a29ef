import { validateRepo } from "../../src/manifests/validate-repo.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { COMPONENT_LABEL } from "../../src/render/labels.ts";
import { DEFAULT_BINDING, type EnvironmentBinding } from "../../src/render/render-context.ts";
import { type RenderInput, renderEnvironment } from "../../src/render/render-environment.ts";
import type { RenderResult } from "../../src/render/render-result.ts";
import { edit, exampleBinding } from "../helpers/check-repo.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";

export const COMMIT = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
export const MODEL_FILE = "models/fraud-detection.yaml";

/** The example server configuration's binding of one environment of the template. */
export function exampleEnvironment(name: "staging" | "production"): EnvironmentBinding {
  const binding = exampleBinding().environments[name];
  if (!binding) throw new Error(`the example server configuration binds no ${name}`);
  return binding;
}

/** A binding like staging's with another KServe mode (and GPU placement, as production has). */
export function bindingWithMode(mode: "Knative" | "Standard" | "RawDeployment"): EnvironmentBinding {
  return { ...exampleEnvironment("production"), kserve: { deploymentMode: mode } };
}

/**
 * Renders the template after `mutate`; fails when the mutated repository does not validate, so a test
 * never renders manifests validation would have refused.
 */
export async function renderTemplate(
  mutate: (files: Record<string, string>) => void = () => {},
  options: Partial<Omit<RenderInput, "snapshot">> = {},
): Promise<RenderResult> {
  const files = await templateFiles();
  mutate(files);
  const result = validateRepo(treeOf(files), { binding: exampleBinding() });
  if (!result.ok) throw new Error(`the mutated template is invalid: ${JSON.stringify(result.diagnostics)}`);
  return renderEnvironment({
    snapshot: result.snapshot,
    environment: options.environment ?? "staging",
    binding: options.binding ?? DEFAULT_BINDING,
    commit: options.commit ?? COMMIT,
    ...(options.artifactUris ? { artifactUris: options.artifactUris } : {}),
    ...(options.servedVersions ? { servedVersions: options.servedVersions } : {}),
    ...(options.rollout ? { rollout: options.rollout } : {}),
    ...(options.images ? { images: options.images } : {}),
  });
}

/** Replaces the model's serving block lines `from` → `to` (exactly one occurrence each). */
export function editModel(files: Record<string, string>, ...pairs: [string, string][]): void {
  for (const [from, to] of pairs) edit(files, MODEL_FILE, from, to);
}

export function servingObjects(result: RenderResult): KubeObject[] {
  return result.objects.filter((o) => o.metadata.labels?.[COMPONENT_LABEL] === "serving");
}

/** Serving variants of the template model: every runtime, KServe format and mode the render supports. */
export interface Variant {
  name: string;
  mutate: (files: Record<string, string>) => void;
  options?: Partial<Omit<RenderInput, "snapshot">>;
}

const KSERVE_FORMATS = [
  "mlflow",
  "sklearn",
  "xgboost",
  "triton",
  "huggingface",
  "vllm",
  "onnx",
  "pytorch",
  "tensorflow",
];

const noCanary = (files: Record<string, string>) =>
  editModel(files, ["    canary:\n      percent: 10\n", ""]);
const format = (f: string) => (files: Record<string, string>) => {
  noCanary(files);
  editModel(files, ["format: lightgbm", `format: ${f}`]);
};
const seldon = (files: Record<string, string>) => {
  edit(files, ".slipway.yml", "runtimes: [kserve, seldon]", "runtimes: [kserve, seldon, deployment]");
  editModel(files, ["runtime: kserve", "runtime: seldon"]);
};
const deployment = (files: Record<string, string>) => {
  edit(files, ".slipway.yml", "runtimes: [kserve, seldon]", "runtimes: [kserve, seldon, deployment]");
  noCanary(files);
  editModel(
    files,
    ["runtime: kserve", "runtime: deployment\n    image: ghcr.io/acme/fraud-scorer:2.3.1\n    port: 9000"],
    ["    format: lightgbm\n", ""],
    ["    protocol: v2\n", ""],
    [
      "serviceAccount: fraud-detection-reader",
      "serviceAccount: fraud-detection-reader\n    env:\n      - { name: LOG_LEVEL, value: info }\n      - name: API_TOKEN\n        valueFrom: { secretRef: { name: fraud-scorer, key: token } }",
    ],
  );
};
const gpu = (files: Record<string, string>) =>
  editModel(files, ["      memory: 2Gi\n", "      memory: 2Gi\n      gpu: 1\n"]);
const served = { servedVersions: new Map([["fraud-detection", { version: "6" }]]) };
/** The fixed canary replaced by a rollout walking 10% and 50% (and a mirror first, for Seldon's shadow). */
export const steps =
  (shadow = false) =>
  (files: Record<string, string>) =>
    editModel(files, [
      "    canary:\n      percent: 10\n",
      `    canary:\n      steps: [10, { weight: 50, interval: 10m }]\n      interval: 5m\n${shadow ? "      shadow: true\n" : ""}`,
    ]);
const deploymentCanary = (files: Record<string, string>) => {
  deployment(files);
  editModel(files, ["    port: 9000\n", "    port: 9000\n    canary:\n      percent: 10\n"]);
};

export const VARIANTS: Variant[] = [
  {
    name: "kserve-standard-canary-first-deploy",
    mutate: () => {},
    options: { binding: bindingWithMode("Standard") },
  },
  {
    name: "kserve-standard-canary",
    mutate: () => {},
    options: { binding: bindingWithMode("Standard"), ...served },
  },
  {
    name: "kserve-rawdeployment-canary",
    mutate: () => {},
    options: { binding: bindingWithMode("RawDeployment"), ...served },
  },
  { name: "kserve-knative-canary", mutate: () => {}, options: { binding: bindingWithMode("Knative") } },
  { name: "kserve-knative-no-canary", mutate: noCanary, options: { binding: bindingWithMode("Knative") } },
  { name: "kserve-standard-gpu", mutate: gpu, options: { binding: bindingWithMode("Standard") } },
  {
    name: "kserve-standard-resolved-uri",
    mutate: noCanary,
    options: {
      artifactUris: new Map([["fraud-detection", "s3://acme-ml-artifacts/mlflow/7/artifacts/model"]]),
    },
  },
  ...KSERVE_FORMATS.map((f) => ({ name: `kserve-format-${f}`, mutate: format(f) })),
  {
    name: "seldon",
    mutate: (files: Record<string, string>) => {
      noCanary(files);
      seldon(files);
    },
  },
  { name: "seldon-canary", mutate: seldon, options: served },
  { name: "deployment", mutate: deployment, options: { binding: bindingWithMode("Standard") } },
  {
    name: "kserve-knative-steps",
    mutate: steps(),
    options: { binding: bindingWithMode("Knative"), ...served },
  },
  {
    name: "kserve-standard-steps",
    mutate: steps(),
    options: { binding: bindingWithMode("Standard"), ...served },
  },
  {
    name: "seldon-shadow",
    mutate: (files: Record<string, string>) => {
      seldon(files);
      steps(true)(files);
    },
    options: served,
  },
  {
    name: "deployment-canary",
    mutate: deploymentCanary,
    options: {
      binding: bindingWithMode("Standard"),
      servedVersions: new Map([
        ["fraud-detection", { version: "6", image: "ghcr.io/acme/fraud-scorer:2.3.0" }],
      ]),
    },
  },
];
