import type { Manifest } from "../manifests/snapshot.ts";
import { withinPrefix } from "../manifests/within-prefix.ts";
import type { KubeObject } from "./kube-object.ts";
import { manifestPath, type ObjectSource, objectMeta } from "./labels.ts";
import type { RenderContext } from "./render-context.ts";
import type { SkippedManifest } from "./render-result.ts";
import { splitSecretValues } from "./values-from.ts";

type Platform = Manifest<"Platform">;

/**
 * Platform → per component that is enabled and lists this environment (opt-in), a Flux
 * `HelmRepository` (source.toolkit.fluxcd.io/v1; `type: oci` for oci:// registries) and a `HelmRelease`
 * (helm.toolkit.fluxcd.io/v2) in the component's namespace. Components whose chart repository the
 * policy does not allow are not rendered at all: validation reports them, render never ships them.
 */
export function renderPlatform(
  platform: Platform,
  ctx: RenderContext,
): { objects: KubeObject[]; skipped: SkippedManifest[] } {
  const objects: KubeObject[] = [];
  const skipped: SkippedManifest[] = [];
  const path = manifestPath(platform.file, platform.index);
  const source: ObjectSource = { kind: "Platform", name: platform.name, paths: [path] };
  if (platform.value.metadata.labels) source.labels = platform.value.metadata.labels;
  const allowed = ctx.policy?.chartRepositories;

  for (const name of Object.keys(platform.value.spec.components).sort()) {
    const component = platform.value.spec.components[name];
    if (!component) continue;
    const skip = (reason: string) =>
      skipped.push({ kind: "Platform", name: `${platform.name}/${name}`, path, reason });
    if (!component.enabled) {
      skip("component disabled");
      continue;
    }
    if (!component.environments?.includes(ctx.environment)) {
      skip(`component not enabled for ${ctx.environment} (its environments list opts in)`);
      continue;
    }
    const { repository, name: chart, version } = component.chart;
    if (allowed && !allowed.some((prefix) => withinPrefix(repository, prefix))) {
      skip(`chart repository ${repository} is not allowed by policy`);
      continue;
    }
    const meta = objectMeta(name, component.namespace, "platform", { ...source, name: platform.name }, ctx, {
      "slipway.dev/platform-component": name,
    });
    const repoSpec: Record<string, unknown> = { url: repository, interval: "1h" };
    if (repository.startsWith("oci://")) repoSpec.type = "oci";
    objects.push({
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "HelmRepository",
      metadata: meta,
      spec: repoSpec,
    });

    const { values, valuesFrom } = splitSecretValues(component.values ?? {});
    objects.push({
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: structuredClone(meta),
      spec: {
        interval: "10m",
        chart: {
          spec: {
            chart,
            version,
            sourceRef: { kind: "HelmRepository", name, namespace: component.namespace },
          },
        },
        install: { remediation: { retries: 3 } },
        upgrade: { remediation: { retries: 3 } },
        values: Object.keys(values).length > 0 ? values : undefined,
        valuesFrom: valuesFrom.length > 0 ? valuesFrom : undefined,
      },
    });
  }
  return { objects, skipped };
}
