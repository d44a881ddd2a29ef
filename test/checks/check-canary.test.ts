import { describe, expect, it } from "vitest";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import { edit, exampleBinding, type Finding, validateTemplate } from "../helpers/check-repo.ts";

const MODEL = "models/fraud-detection.yaml";
const CONFIG = ".slipway.yml";
/** The template's fixed canary (lines 32–33 of the model). */
const FIXED = "    canary:\n      percent: 10\n";

/** Replaces the fixed canary with `yaml` (indented under `serving`) and names a metrics integration. */
function canary(yaml: string, metrics = true) {
  return (f: Record<string, string>) => {
    edit(f, MODEL, FIXED, `    canary:\n${yaml.replace(/^/gm, "      ")}\n`);
    if (metrics) edit(f, CONFIG, "  pipelines: kubeflow\n", "  pipelines: kubeflow\n  metrics: prometheus\n");
  };
}

/** The example binding with a Prometheus integration, and KServe in `mode` in both environments. */
function binding(mode: "Knative" | "Standard" | "RawDeployment" = "Standard"): ServerBinding {
  const b = exampleBinding();
  b.integrations = {
    ...b.integrations,
    prometheus: { type: "prometheus", endpoint: "http://prometheus:9090" },
  };
  for (const env of Object.values(b.environments)) env.kserve = { deploymentMode: mode };
  return b;
}

const codes = (found: Finding[]) => found.map((f) => [f.line, f.code, f.message]);

describe("canary: steps", () => {
  it("accepts rising steps with an interval, and checks with a bound", async () => {
    const found = await validateTemplate(
      canary(`steps: [10, 50]
interval: 5m
analysis:
  failureLimit: 1
  checks:
    - { name: error-rate, query: 'sum(rate(errors{model="{{name}}"}[{{interval}}]))', max: 0.01 }
    - { name: p95, query: 'p95{version="{{version}}"}', vs: stable, maxRatio: 1.2 }`),
      { binding: binding() },
    );
    expect(found).toEqual([]);
  });

  it("refuses percent with steps, falling steps and a step without an interval", async () => {
    const found = await validateTemplate(canary("percent: 10\nsteps: [50, { weight: 20 }, 30]", false), {
      binding: binding(),
    });
    expect(codes(found)).toEqual([
      [34, "SLW146", "give `percent` (a fixed share) or `steps` (a rollout), not both"],
      [34, "SLW146", "step 1 has no interval, and `canary.interval` is not set"],
      [34, "SLW146", "step 2 has no interval, and `canary.interval` is not set"],
      [34, "SLW146", "the steps must rise: 20% comes after 50%"],
      [34, "SLW146", "step 3 has no interval, and `canary.interval` is not set"],
      [34, "SLW146", "the steps must rise: 30% comes after 50%"],
    ]);
  });

  it("refuses analysis, shadow or interval without steps, and a step of 0 or 100", async () => {
    const found = await validateTemplate(canary("percent: 10\ninterval: 5m\nshadow: true", false), {
      binding: binding(),
    });
    expect(codes(found)).toEqual([
      [34, "SLW146", "`interval` belongs to a rollout: declare `steps` to use it"],
      [35, "SLW146", "`shadow` belongs to a rollout: declare `steps` to use it"],
    ]);
    const zero = await validateTemplate(canary("steps: [0, 100]\ninterval: 1m", false), {
      binding: binding(),
    });
    expect(zero.map((f) => f.code)).toEqual(["SLW034", "SLW034"]);
  });

  it("keeps intervals between 1s and 7d, and shadow to Seldon", async () => {
    const found = await validateTemplate(
      canary("steps: [{ weight: 10, interval: 500ms }, 50]\ninterval: 8d\nshadow: true", false),
      {
        binding: binding(),
      },
    );
    expect(codes(found)).toEqual([
      [33, "SLW146", "an interval runs from 1s to 7d; 500ms does not"],
      [34, "SLW146", "an interval runs from 1s to 7d; 8d does not"],
      [35, "SLW146", "mirroring uses Seldon Core 2's Experiment mirror; runtime `kserve` has none"],
    ]);
  });

  it("refuses canaryTrafficPercent, which KServe ignores in RawDeployment mode, at its key", async () => {
    const found = await validateTemplate(canary("canaryTrafficPercent: 10", false), {
      binding: binding("RawDeployment"),
    });
    expect(found).toMatchObject([
      {
        line: 33,
        column: 7,
        code: "SLW031",
        message:
          "`canaryTrafficPercent` is KServe's Knative-mode field, ignored in Standard and RawDeployment mode; Slipway writes the split for the environment's mode from `serving.canary` (`steps`, or a fixed `percent`)",
      },
    ]);
  });
});

describe("canary: checks", () => {
  const steps = "steps: [10, 50]\ninterval: 5m\nanalysis:\n  checks:\n";

  it("needs a query or a builtin, and a bound that says what it compares", async () => {
    const found = await validateTemplate(
      canary(`${steps}    - { name: a, max: 1 }
    - { name: b, query: x, builtin: successRate, min: 0.9 }
    - { name: c, query: x }
    - { name: d, query: x, maxIncrease: 0.005 }
    - { name: e, query: x, vs: stable }
    - { name: f, query: x, min: 2, max: 1 }
    - { name: a, query: x, max: 1 }`),
      { binding: binding("Knative") },
    );
    expect(codes(found)).toEqual([
      [37, "SLW147", "a check has a `query` or a `builtin`, one of the two"],
      [38, "SLW147", "a check has a `query` or a `builtin`, one of the two"],
      [39, "SLW147", "check `c` has no bound: give `max`, `min`, or `vs: stable` with a comparison"],
      [40, "SLW147", "`maxIncrease` compares with the stable version: add `vs: stable`"],
      [41, "SLW147", "`vs: stable` needs `maxIncrease`, `maxRatio`, `maxDecrease` or `minRatio`"],
      [42, "SLW147", "min (2) is above max (1)"],
      [43, "SLW147", "two checks are named `a`"],
    ]);
  });

  it("refuses unknown placeholders, and {{revision}} outside KServe's Knative mode", async () => {
    const found = await validateTemplate(
      canary(`${steps}    - { name: a, query: 'x{r="{{revision}}",y="{{pod}}"}', max: 1 }`),
      {
        binding: binding("Standard"),
      },
    );
    expect(codes(found)).toEqual([
      [
        37,
        "SLW147",
        "unknown placeholder {{pod}} (known: {{namespace}}, {{model}}, {{name}}, {{version}}, {{track}}, {{revision}}, {{interval}})",
      ],
      [
        37,
        "SLW148",
        "{{revision}} names a KServe Knative revision; in `production` the model runs on kserve-standard",
      ],
      [
        37,
        "SLW148",
        "{{revision}} names a KServe Knative revision; in `staging` the model runs on kserve-standard",
      ],
    ]);
  });

  it("offers built-ins where the runtime has standard metrics, and says why not elsewhere", async () => {
    const builtins = `${steps}    - { name: ok, builtin: successRate, min: 0.99 }\n    - { name: p95, builtin: latencyP95, vs: stable, maxRatio: 1.2 }`;
    expect(await validateTemplate(canary(builtins), { binding: binding("Knative") })).toEqual([]);
    const standard = await validateTemplate(canary(builtins), { binding: binding("Standard") });
    expect(standard.map((f) => [f.line, f.code])).toEqual([
      [37, "SLW148"],
      [37, "SLW148"],
      [38, "SLW148"],
      [38, "SLW148"],
    ]);
    expect(standard[0]?.message).toBe(
      "`successRate` is not available in `production` (kserve-standard): KServe's Standard mode has no request metrics common to every model server (they come from each runtime); write a `query` on your runtime's metrics",
    );
    const seldon = await validateTemplate(
      (f) => {
        canary(builtins)(f);
        edit(f, MODEL, "    runtime: kserve\n", "    runtime: seldon\n");
      },
      { binding: binding() },
    );
    expect(codes(seldon)).toEqual([
      [
        38,
        "SLW148",
        "`latencyP95` is not available in `production` (seldon): Seldon Core 2's latency histogram (seldon_model_infer_api_seconds) has no model label, so no per-model percentile exists; use latencyMean or a query",
      ],
      [
        38,
        "SLW148",
        "`latencyP95` is not available in `staging` (seldon): Seldon Core 2's latency histogram (seldon_model_infer_api_seconds) has no model label, so no per-model percentile exists; use latencyMean or a query",
      ],
    ]);
  });

  it("needs the Prometheus integration named and bound", async () => {
    const unnamed = await validateTemplate(canary(`${steps}    - { name: a, query: x, max: 1 }`, false), {
      binding: binding(),
    });
    expect(codes(unnamed)).toEqual([
      [
        37,
        "SLW149",
        "canary checks query Prometheus: name the integration under `integrations.metrics` in .slipway.yml",
      ],
    ]);
    const unbound = await validateTemplate(canary(`${steps}    - { name: a, query: x, max: 1 }`));
    expect(unbound.map((f) => [f.file, f.code, f.message])).toEqual([
      [CONFIG, "SLW122", "integration `prometheus` is not bound for this repository"],
    ]);
  });
});
