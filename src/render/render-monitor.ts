import type { Manifest } from "../manifests/snapshot.ts";
import type { KubeObject } from "./kube-object.ts";
import { manifestPath, type ObjectSource, objectMeta } from "./labels.ts";
import { CRONJOB_NAME_MAX, objectName } from "./names.ts";
import type { RenderContext } from "./render-context.ts";
import { renderMonitorDashboard } from "./render-monitor-dashboard.ts";
import { renderPrometheusRule } from "./render-prometheus-rule.ts";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY } from "./security.ts";

type Monitor = Manifest<"Monitor">;

export const MONITOR_MOUNT = "/etc/slipway/monitor";
export const MONITOR_FILE = "monitor.json";
/**
 * The reports integration's Secret is read with this prefix on each key, so its credentials never
 * replace the datasets integrations' (`slipway drift --report-to` reads `SLIPWAY_REPORT_AWS_…`).
 */
export const REPORT_ENV_PREFIX = "SLIPWAY_REPORT_";

/**
 * Name of the Secret holding an integration's credentials in the cluster. The operator creates it
 * (it never comes from the platform repo); a monitor Job reads only the integrations its datasets name.
 */
export function integrationSecretName(integration: string): string {
  return objectName(["slipway-integration", integration]);
}

/**
 * Monitor → a ConfigMap with the monitor's definition as data, a ServiceAccount without API access, a
 * CronJob running Slipway's own image (`slipway drift --monitor-file FILE`), a PrometheusRule with
 * its alerts and a Grafana dashboard over its series. The Job gets only what it needs: no Kubernetes API token, the credentials of the datasets
 * integrations the monitor reads, a read-only root file system. When the environment's binding says
 * where reports go, the Job writes them there (`--report-to`) with that integration's Secret, whose keys
 * it sees under REPORT_ENV_PREFIX; the server reads them back (issue #10).
 */
export function renderMonitor(monitor: Monitor, namespace: string, ctx: RenderContext): KubeObject[] {
  const source: ObjectSource = {
    kind: "Monitor",
    name: monitor.name,
    paths: [manifestPath(monitor.file, monitor.index)],
  };
  if (monitor.value.metadata.labels) source.labels = monitor.value.metadata.labels;
  const meta = (name: string) => objectMeta(name, namespace, "monitoring", source, ctx);
  const name = objectName(["slipway-monitor", monitor.name]);
  const spec = monitor.value.spec;

  const configMap: KubeObject = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta(name),
    data: { [MONITOR_FILE]: `${JSON.stringify(monitor.value, null, 2)}\n` },
  };
  const serviceAccount: KubeObject = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: meta(name),
    automountServiceAccountToken: false,
  };
  const integrations = [...new Set([spec.reference.integration, spec.current.integration])].sort();
  const reports = ctx.binding.monitorReports;
  const envFrom: Record<string, unknown>[] = integrations.map((i) => ({
    secretRef: { name: integrationSecretName(i) },
  }));
  if (reports)
    envFrom.push({
      prefix: REPORT_ENV_PREFIX,
      secretRef: { name: integrationSecretName(reports.integration) },
    });
  // Drift is a finding the report carries, not a failed run: a failing Job would be retried (a second
  // report) and would fire SlipwayMonitorJobFailed.
  const args = ["drift", "--monitor-file", `${MONITOR_MOUNT}/${MONITOR_FILE}`, "--exit-zero-on-findings"];
  if (reports) args.push("--report-to", `${reports.prefix}${monitor.name}/`);
  else args.push("--format", "json");
  const cronJob: KubeObject = {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: meta(objectName(["slipway-monitor", monitor.name], CRONJOB_NAME_MAX)),
    spec: {
      schedule: spec.schedule,
      // Monitor schedules are UTC by contract (the schema says so); without a time zone the
      // controller would use the kube-controller-manager's local zone.
      timeZone: "Etc/UTC",
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 1,
          template: {
            metadata: { labels: { "app.kubernetes.io/name": name, "slipway.dev/monitor": monitor.name } },
            spec: {
              serviceAccountName: name,
              automountServiceAccountToken: false,
              restartPolicy: "Never",
              securityContext: RESTRICTED_POD_SECURITY,
              containers: [
                {
                  name: "drift",
                  image: ctx.images.slipway,
                  args,
                  env: [{ name: "SLIPWAY_ENVIRONMENT", value: ctx.environment }],
                  envFrom,
                  securityContext: RESTRICTED_CONTAINER_SECURITY,
                  volumeMounts: [
                    { name: "monitor", mountPath: MONITOR_MOUNT, readOnly: true },
                    { name: "tmp", mountPath: "/tmp" },
                  ],
                },
              ],
              volumes: [
                { name: "monitor", configMap: { name } },
                { name: "tmp", emptyDir: {} },
              ],
            },
          },
        },
      },
    },
  };
  return [
    configMap,
    serviceAccount,
    cronJob,
    renderPrometheusRule(monitor, namespace, source, ctx),
    renderMonitorDashboard(monitor, namespace, source, ctx),
  ];
}
