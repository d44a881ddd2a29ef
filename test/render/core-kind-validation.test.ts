import { HelmRelease } from "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2";
import { HelmRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { CronJob, Job } from "kubernetes-models/batch/v1";
import { ConfigMap, Service, ServiceAccount } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { exampleEnvironment, renderTemplate, VARIANTS } from "./render-fixtures.ts";

/**
 * Core kinds through `kubernetes-models` (validators generated from the Kubernetes OpenAPI), Flux and
 * prometheus-operator kinds through `@kubernetes-models/flux-cd` and `.../prometheus-operator`
 * (generated from their CRDs). These check types, required fields and enums; they accept unknown
 * fields, so the renderers' field names are also pinned by the goldens.
 */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "apps/v1/Deployment": Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "batch/v1/CronJob": CronJob,
  "batch/v1/Job": Job,
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "helm.toolkit.fluxcd.io/v2/HelmRelease": HelmRelease,
  "source.toolkit.fluxcd.io/v1/HelmRepository": HelmRepository,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
};

function validate(object: KubeObject): string | null {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) return null;
  try {
    new Model(structuredClone(object) as never).validate();
    return "ok";
  } catch (error) {
    return (error as Error).message;
  }
}

describe("core, Flux and Prometheus kinds validate against their upstream schemas", () => {
  it("every such object of the template and of every serving variant is valid", async () => {
    const objects: KubeObject[] = [];
    objects.push(
      ...(
        await renderTemplate(() => {}, {
          environment: "production",
          binding: exampleEnvironment("production"),
        })
      ).objects,
    );
    for (const variant of VARIANTS)
      objects.push(...(await renderTemplate(variant.mutate, variant.options)).objects);
    const checked = new Set<string>();
    const failures: string[] = [];
    for (const object of objects) {
      const outcome = validate(object);
      if (outcome === null) continue;
      checked.add(object.kind);
      if (outcome !== "ok") failures.push(`${object.kind} ${object.metadata.name}: ${outcome}`);
    }
    expect(failures).toEqual([]);
    expect([...checked].sort()).toEqual([
      "ConfigMap",
      "CronJob",
      "Deployment",
      "HelmRelease",
      "HelmRepository",
      "HorizontalPodAutoscaler",
      "Job",
      "PrometheusRule",
      "Service",
      "ServiceAccount",
    ]);
  });

  it("the validators reject a wrong type and a missing required field", async () => {
    const { objects } = await renderTemplate();
    const cron = objects.find((o) => o.kind === "CronJob") as KubeObject & { spec: Record<string, unknown> };
    expect(validate({ ...cron, spec: { ...cron.spec, schedule: 5 } })).not.toBe("ok");
    const release = objects.find((o) => o.kind === "HelmRelease") as KubeObject & {
      spec: Record<string, unknown>;
    };
    const { chart: _chart, ...withoutChart } = release.spec;
    // helm.toolkit.fluxcd.io/v2 needs either `chart` or `chartRef`; `interval` alone is not a release.
    expect(validate({ ...release, spec: { ...withoutChart, interval: 10 } })).not.toBe("ok");
  });
});
