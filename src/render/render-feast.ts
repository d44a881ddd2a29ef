import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import { canonical, compareCodePoints } from "./canonical.ts";
import { FEAST_LOADER, FEAST_LOADER_FILE } from "./feast-loader.ts";
import type { KubeObject } from "./kube-object.ts";
import { manifestPath, type ObjectSource, objectMeta } from "./labels.ts";
import { CRONJOB_NAME_MAX, contentHash, objectName } from "./names.ts";
import type { RenderContext } from "./render-context.ts";
import { integrationSecretName } from "./render-monitor.ts";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY } from "./security.ts";

export const FEAST_DEFINITIONS_FILE = "definitions.json";
/** Secret (created by the operator) holding `feature_store.yaml`: registry and store connections. */
export const FEAST_CONFIG_SECRET = "slipway-feast-config";
export const FEAST_SERVICE_ACCOUNT = "slipway-feast";

/**
 * Entities, FeatureViews and FeatureServices → a ConfigMap holding their definitions as JSON data
 * with Slipway's fixed loader, a `feast apply` Job running that loader, and one materialization
 * CronJob per online view with a schedule. The ConfigMap and Job are named by the hash of their
 * content: a Job's pod template is immutable, so a change of definitions is a new Job (and the old one
 * is pruned), and the Job always reads exactly the definitions it was created for.
 */
export function renderFeast(snapshot: PlatformSnapshot, namespace: string, ctx: RenderContext): KubeObject[] {
  const { Entity, FeatureView, FeatureService } = snapshot.manifests;
  if (Entity.size + FeatureView.size + FeatureService.size === 0) return [];
  const sorted = <T extends { name: string }>(m: Map<string, T>) =>
    [...m.values()].sort((a, b) => compareCodePoints(a.name, b.name));
  const definitions = {
    entities: sorted(Entity).map((e) => ({
      name: e.name,
      description: e.value.metadata.description,
      ...e.value.spec,
    })),
    featureViews: sorted(FeatureView).map((v) => ({
      name: v.name,
      description: v.value.metadata.description,
      ...v.value.spec,
    })),
    featureServices: sorted(FeatureService).map((s) => ({
      name: s.name,
      description: s.value.metadata.description,
      ...s.value.spec,
    })),
  };
  const all = [...sorted(Entity), ...sorted(FeatureView), ...sorted(FeatureService)];
  const source: ObjectSource = {
    kind: "FeatureStore",
    name: "feast",
    paths: [...new Set(all.map((m) => manifestPath(m.file, m.index)))].sort(compareCodePoints),
  };
  const data = {
    [FEAST_DEFINITIONS_FILE]: `${JSON.stringify(canonical(definitions), null, 2)}\n`,
    [FEAST_LOADER_FILE]: FEAST_LOADER,
  };
  const hash = contentHash({ data, image: ctx.images.feast }).slice(0, 10);
  const configName = objectName(["slipway-feast", hash]);
  const integrations = [
    ...new Set(definitions.featureViews.flatMap((v) => (v.source.integration ? [v.source.integration] : []))),
  ].sort(compareCodePoints);
  const meta = (name: string) => objectMeta(name, namespace, "feature-store", source, ctx);

  const configMap: KubeObject = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta(configName),
    immutable: true,
    data,
  };
  const serviceAccount: KubeObject = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: meta(FEAST_SERVICE_ACCOUNT),
    automountServiceAccountToken: false,
  };
  // A Job's pod template is immutable: the Job is named by a hash of its whole spec, so anything that
  // changes it — definitions (through the ConfigMap's name), image, integrations, or a Slipway release
  // that renders the pod differently — is a new Job, never a refused update of a finished one.
  const jobSpec = { backoffLimit: 2, template: podTemplate(configName, ["apply"], integrations, ctx) };
  const job: KubeObject = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: meta(objectName(["slipway-feast-apply", contentHash(jobSpec).slice(0, 10)])),
    spec: jobSpec,
  };
  const cronJobs: KubeObject[] = definitions.featureViews
    .filter((v) => v.online && v.materialization)
    .map((v) => ({
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: meta(objectName(["slipway-feast-materialize", v.name], CRONJOB_NAME_MAX)),
      spec: {
        schedule: v.materialization?.schedule,
        timeZone: "Etc/UTC",
        concurrencyPolicy: "Forbid",
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 1,
            template: podTemplate(configName, ["materialize", v.name], integrations, ctx),
          },
        },
      },
    }));
  return [configMap, serviceAccount, job, ...cronJobs];
}

function podTemplate(configName: string, args: string[], integrations: string[], ctx: RenderContext) {
  return {
    spec: {
      serviceAccountName: FEAST_SERVICE_ACCOUNT,
      automountServiceAccountToken: false,
      restartPolicy: "Never",
      securityContext: RESTRICTED_POD_SECURITY,
      containers: [
        {
          name: "feast",
          image: ctx.images.feast,
          command: ["python", `/etc/slipway/feast/${FEAST_LOADER_FILE}`],
          args,
          env: [{ name: "HOME", value: "/tmp" }],
          envFrom: integrations.map((i) => ({ secretRef: { name: integrationSecretName(i) } })),
          securityContext: RESTRICTED_CONTAINER_SECURITY,
          volumeMounts: [
            { name: "definitions", mountPath: "/etc/slipway/feast", readOnly: true },
            { name: "config", mountPath: "/etc/slipway/feast-config", readOnly: true },
            { name: "tmp", mountPath: "/tmp" },
          ],
        },
      ],
      volumes: [
        { name: "definitions", configMap: { name: configName } },
        { name: "config", secret: { secretName: FEAST_CONFIG_SECRET } },
        { name: "tmp", emptyDir: {} },
      ],
    },
  };
}
