import { label, type Manifest } from "./kustomize-build.ts";

/* Structural views of the fields checked here (the schemas have already validated their types). */
interface Probe {
  httpGet?: { path?: string; port?: string | number };
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  volumeMounts?: { name: string; mountPath: string }[];
  securityContext?: {
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    runAsNonRoot?: boolean;
    capabilities?: { drop?: string[] };
  };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
}
interface Volume {
  name: string;
  emptyDir?: object;
  secret?: { secretName: string };
}
interface PodSpec {
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: Volume[];
}
export interface DeploymentView {
  spec: { replicas?: number; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
}

/** Env names that carry a credential: they may only come from a Secret (`secretKeyRef` or a file in one). */
const SENSITIVE = /KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL/;

const probePath = (probe: Probe | undefined): string | undefined => probe?.httpGet?.path;

/** Problems of the Slipway server Deployment, each naming the field; [] when it meets issue #10's requirements. */
export function deploymentProblems(object: Manifest): string[] {
  const where = label(object);
  const { spec } = object as unknown as DeploymentView;
  const pod = spec.template.spec;
  const problems: string[] = [];
  if (spec.replicas !== 2) problems.push(`${where}: spec.replicas is ${spec.replicas}, not 2`);
  if (pod.securityContext?.runAsNonRoot !== true)
    problems.push(`${where}: the pod's securityContext.runAsNonRoot is not true`);
  if (pod.securityContext?.runAsUser === 0) problems.push(`${where}: the pod runs as user 0`);
  const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
  for (const c of pod.containers) {
    const at = `${where} container ${c.name}`;
    const sc = c.securityContext;
    if (sc?.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem is not true`);
    if (sc?.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
    if (!sc?.capabilities?.drop?.includes("ALL")) problems.push(`${at}: capabilities are not all dropped`);
    const mounts = c.volumeMounts ?? [];
    const tmp = mounts.find((m) => m.mountPath === "/tmp");
    if (!tmp || !volumes.get(tmp.name)?.emptyDir) problems.push(`${at}: /tmp is not an emptyDir`);
    const ports = new Set((c.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
    for (const [kind, probe, path] of [
      ["livenessProbe", c.livenessProbe, "/healthz"],
      ["readinessProbe", c.readinessProbe, "/readyz"],
    ] as const) {
      if (probePath(probe) !== path) problems.push(`${at}: ${kind} does not GET ${path}`);
      else if (!ports.has(probe?.httpGet?.port)) problems.push(`${at}: ${kind} targets an undeclared port`);
    }
    const secretMounts = mounts.filter((m) => volumes.get(m.name)?.secret).map((m) => `${m.mountPath}/`);
    const inSecret = (path: string | undefined) => !!path && secretMounts.some((dir) => path.startsWith(dir));
    const env = new Map((c.env ?? []).map((e) => [e.name, e]));
    if (!inSecret(env.get("SLIPWAY_SERVER_CONFIG")?.value))
      problems.push(`${at}: SLIPWAY_SERVER_CONFIG does not name a file in a mounted Secret`);
    const grace = Number(env.get("SLIPWAY_SHUTDOWN_GRACE_SECONDS")?.value ?? 25);
    if (!(grace < (pod.terminationGracePeriodSeconds ?? 30)))
      problems.push(`${at}: SLIPWAY_SHUTDOWN_GRACE_SECONDS is not below terminationGracePeriodSeconds`);
    for (const e of env.values()) {
      if (!SENSITIVE.test(e.name) || e.valueFrom?.secretKeyRef) continue;
      if (e.name.endsWith("_PATH") && inSecret(e.value)) continue;
      problems.push(`${at}: env ${e.name} is not a reference to a Secret`);
    }
  }
  return problems;
}

/** Secrets travel by reference only: no Secret object in the build at all. */
export function secretObjects(objects: readonly Manifest[]): string[] {
  return objects.filter((o) => o.kind === "Secret").map((o) => `${label(o)} is shipped in the build`);
}

/** The PodDisruptionBudget keeps one pod of the Deployment: minAvailable 1 and a selector matching its pods. */
export function disruptionBudgetProblems(objects: readonly Manifest[], deployment: Manifest): string[] {
  const pods = (deployment as unknown as DeploymentView).spec.template.metadata.labels;
  const budgets = objects.filter((o) => o.kind === "PodDisruptionBudget");
  const covering = budgets.filter((b) => {
    const spec = b.spec as { minAvailable?: number; selector?: { matchLabels?: Record<string, string> } };
    const match = Object.entries(spec.selector?.matchLabels ?? {});
    return spec.minAvailable === 1 && match.length > 0 && match.every(([k, v]) => pods[k] === v);
  });
  return covering.length === 1
    ? []
    : [`${covering.length} PodDisruptionBudgets with minAvailable 1 select ${label(deployment)}'s pods`];
}
