import { describe, expect, it } from "vitest";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { renderEnvironment } from "../../src/render/render-environment.ts";
import { objectsYaml } from "../../src/report/objects-yaml.ts";
import { exampleBinding } from "../helpers/check-repo.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";
import { COMMIT, exampleEnvironment, renderTemplate } from "./render-fixtures.ts";

type Release = KubeObject & { spec: { values?: Record<string, unknown>; valuesFrom?: unknown[] } };

const releases = (objects: KubeObject[]) => objects.filter((o) => o.kind === "HelmRelease") as Release[];

describe("platform components as Flux objects", () => {
  it("keep credentials as Secret references: valuesFrom with the value's path, never a value", async () => {
    const { objects } = await renderTemplate();
    const feast = releases(objects).find((r) => r.metadata.name === "feast");
    expect(feast?.spec.valuesFrom).toEqual([
      {
        kind: "Secret",
        name: "feast-redis",
        targetPath: "onlineStore.connection_string",
        valuesKey: "connection-string",
      },
      { kind: "Secret", name: "feast-registry", targetPath: "registry.path", valuesKey: "sqlalchemy-url" },
    ]);
    expect(JSON.stringify(feast?.spec.values)).not.toContain("secretRef");
    expect(objectsYaml(releases(objects))).not.toContain("secretRef");
  });

  it("render one HelmRepository and HelmRelease per component opted in for the environment", async () => {
    const names = async (env: "staging" | "production") =>
      releases(
        (await renderTemplate(() => {}, { environment: env, binding: exampleEnvironment(env) })).objects,
      )
        .map((r) => r.metadata.name)
        .sort();
    expect(await names("staging")).toEqual(["feast", "kserve", "kubeflow", "mlflow", "prometheus"]);
    expect(await names("production")).toEqual([
      "feast",
      "grafana",
      "kserve",
      "kubeflow",
      "mlflow",
      "prometheus",
    ]);
    const repository = (await renderTemplate()).objects.find(
      (o) => o.kind === "HelmRepository" && o.metadata.name === "kserve",
    );
    expect(repository?.spec).toEqual({ interval: "1h", type: "oci", url: "oci://ghcr.io/kserve/charts" });
  });

  it("leave out a component whose chart repository the policy does not allow", async () => {
    // Validation already refuses such a repository (SLW165); render holds the line on its own too, for a
    // policy narrowed after validation (the default branch's policy applies to a PR's manifests).
    const files = await templateFiles();
    const { snapshot } = validateRepo(treeOf(files), { binding: exampleBinding() });
    const policy = snapshot.config?.value.policy;
    if (!policy?.chartRepositories) throw new Error("the template has no chart policy");
    policy.chartRepositories = policy.chartRepositories.filter((r) => !r.includes("grafana"));
    const result = renderEnvironment({
      snapshot,
      environment: "production",
      binding: exampleEnvironment("production"),
      commit: COMMIT,
    });
    expect(result.objects.filter((o) => o.metadata.name === "grafana")).toEqual([]);
    expect(result.skipped).toContainEqual({
      kind: "Platform",
      name: "ml-platform/grafana",
      path: "platform/stack.yaml",
      reason: "chart repository https://grafana.github.io/helm-charts is not allowed by policy",
    });
  });
});
