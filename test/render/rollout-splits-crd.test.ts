import { beforeAll, describe, expect, it } from "vitest";
import type { RolloutPin } from "../../src/render/canary-split.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { edit } from "../helpers/check-repo.ts";
import { crdValidator } from "./crd-schemas.ts";
import { bindingWithMode, editModel, renderTemplate, servingObjects, steps } from "./render-fixtures.ts";

const STABLE = { version: "6", artifactUri: "s3://acme-ml-artifacts/mlflow/6/artifacts/model" };
const pin = (share: number, mirror = false): RolloutPin => ({ split: { share, mirror }, stable: STABLE });
/** Every split a rollout of [10, 50] renders: the steps, a rollback to 0%, and the new version alone. */
const PINS: [string, RolloutPin][] = [
  ["10%", pin(10)],
  ["50%", pin(50)],
  ["rolled back to 0%", pin(0)],
  ["promoted", { whole: true }],
];
const seldon = (files: Record<string, string>) => {
  edit(files, ".slipway.yml", "runtimes: [kserve, seldon]", "runtimes: [kserve, seldon, deployment]");
  editModel(files, ["runtime: kserve", "runtime: seldon"]);
};

async function render(
  mutate: (f: Record<string, string>) => void,
  mode: "Knative" | "Standard" | "RawDeployment",
  p: RolloutPin,
) {
  const result = await renderTemplate(mutate, {
    binding: bindingWithMode(mode),
    rollout: new Map([["fraud-detection", p]]),
  });
  return servingObjects(result);
}

function invalid(objects: KubeObject[]): string[] {
  return objects
    .filter(
      (o) => o.apiVersion.startsWith("serving.kserve.io/") || o.apiVersion.startsWith("mlops.seldon.io/"),
    )
    .flatMap((o) => {
      const validate = crdValidator(o.apiVersion, o.kind);
      return (validate as (x: unknown) => boolean)(o)
        ? []
        : [`${o.kind} ${o.metadata.name}: ${JSON.stringify(validate.errors?.slice(0, 2))}`];
    });
}

const isvc = (objects: KubeObject[]) =>
  objects.find((o) => o.kind === "InferenceService") as KubeObject & {
    spec: { predictor: { canaryTrafficPercent?: number; model: { storageUri: string } }; canary?: unknown };
  };

// Issue #22: every split the executor walks through is an object the real CRDs accept.
describe("rollout splits validate against the KServe and Seldon CRDs at every step", () => {
  // Compiling the upstream CRDs takes seconds on a loaded machine: once, before the cases, not in the first.
  beforeAll(() => {
    crdValidator("serving.kserve.io/v1beta1", "InferenceService");
    crdValidator("mlops.seldon.io/v1alpha1", "Model");
    crdValidator("mlops.seldon.io/v1alpha1", "Experiment");
  }, 120_000);

  it.each(PINS)("KServe Knative at %s: canaryTrafficPercent on the predictor", async (_, p) => {
    const objects = await render(steps(), "Knative", p);
    expect(invalid(objects)).toEqual([]);
    const expected = "whole" in p ? undefined : p.split.share;
    expect(isvc(objects).spec.predictor.canaryTrafficPercent).toBe(expected);
    expect(isvc(objects).spec.canary).toBeUndefined();
  });

  it.each(
    PINS.flatMap(([label, p]) =>
      (["Standard", "RawDeployment"] as const).map((mode) => [`${mode} at ${label}`, mode, p] as const),
    ),
  )("KServe %s: spec.canary[].trafficPercent, never canaryTrafficPercent", async (_, mode, p) => {
    const objects = await render(steps(), mode, p);
    expect(invalid(objects)).toEqual([]);
    const spec = isvc(objects).spec;
    expect(JSON.stringify(spec)).not.toContain("canaryTrafficPercent");
    if ("whole" in p) {
      expect(spec.canary).toBeUndefined();
      expect(spec.predictor.model.storageUri).toBe("models:/fraud-detection/7");
    } else {
      expect(spec.canary).toMatchObject([{ trafficPercent: p.split.share, predictor: { name: "canary" } }]);
      expect(spec.predictor.model.storageUri).toBe(STABLE.artifactUri);
    }
  });

  it.each([...PINS, ["mirror", pin(0, true)] as [string, RolloutPin]])(
    "Seldon Core 2 at %s: Models and an Experiment of candidates and weights (or a mirror)",
    async (label, p) => {
      const objects = await render(
        (f) => {
          seldon(f);
          steps(true)(f);
        },
        "Standard",
        p,
      );
      expect(invalid(objects)).toEqual([]);
      const experiment = objects.find((o) => o.kind === "Experiment") as
        | (KubeObject & { spec: Record<string, unknown> })
        | undefined;
      if ("whole" in p) {
        expect(experiment).toBeUndefined();
        expect(objects.map((o) => o.metadata.name)).toEqual(["fraud-detection"]);
        return;
      }
      const expected: Record<string, unknown> = {
        "10%": {
          default: "fraud-detection",
          candidates: [
            { name: "fraud-detection", weight: 90 },
            { name: "fraud-detection-canary", weight: 10 },
          ],
        },
        "50%": {
          default: "fraud-detection",
          candidates: [
            { name: "fraud-detection", weight: 50 },
            { name: "fraud-detection-canary", weight: 50 },
          ],
        },
        "rolled back to 0%": {
          default: "fraud-detection",
          candidates: [{ name: "fraud-detection", weight: 100 }],
        },
        mirror: {
          default: "fraud-detection",
          candidates: [{ name: "fraud-detection", weight: 100 }],
          mirror: { name: "fraud-detection-canary", percent: 100 },
        },
      };
      expect(experiment?.spec).toEqual(expected[label]);
    },
  );
});
