import type { MonitorManifest } from "../../manifests/schemas/monitor.ts";
import type { ServerBinding } from "../../manifests/schemas/server-config.ts";
import type { PlatformSnapshot } from "../../manifests/snapshot.ts";

/** One monitor whose Job writes reports in one environment: what the server reads and alerts on. */
export interface MonitorTarget {
  repository: string;
  environment: string;
  monitor: string;
  model: string;
  alerts: MonitorManifest["spec"]["alerts"];
  /** The reports integration of the binding (an `s3` one). */
  integration: string;
  /** `<prefix><owner>/<repo>/<environment>/<monitor>/`: the Job's `--report-to`. */
  prefix: string;
}

/**
 * The monitors of a repository's default branch that run where reports are bound: a Monitor runs in
 * an environment its Model is promoted to (as render places it), of those `.slipway.yml` declares and
 * the server binds with `reports`.
 */
export function monitorTargets(
  repository: string,
  snapshot: PlatformSnapshot,
  binding: ServerBinding,
): MonitorTarget[] {
  const declared = new Set(snapshot.config?.value.environments.map((e) => e.name) ?? []);
  const targets: MonitorTarget[] = [];
  for (const [environment, bound] of Object.entries(binding.environments).sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    const reports = bound.monitorReports;
    if (!reports || !declared.has(environment)) continue;
    for (const monitor of [...snapshot.manifests.Monitor.values()].sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const spec = monitor.value.spec;
      const model = snapshot.manifests.Model.get(spec.model);
      if (!model?.value.spec.promotion.environments.includes(environment)) continue;
      targets.push({
        repository,
        environment,
        monitor: monitor.name,
        model: spec.model,
        alerts: spec.alerts,
        integration: reports.integration,
        prefix: `${reports.prefix}${monitor.name}/`,
      });
    }
  }
  return targets;
}
