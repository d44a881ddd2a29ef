import { beforeAll, describe, expect, it } from "vitest";
import { KUBECTL, kustomize, type Manifest, OVERLAYS, overlayDir } from "./kustomize-build.ts";
import {
  type DeploymentView,
  deploymentProblems,
  disruptionBudgetProblems,
  secretObjects,
} from "./workload-invariants.ts";

type Edit = (d: DeploymentView) => void;

const container = (d: DeploymentView) => {
  const first = d.spec.template.spec.containers[0];
  if (!first) throw new Error("the Deployment has no container");
  return first;
};

/** Each edit breaks one requirement; the checker must name it. */
const BREAKAGES: [string, Edit, RegExp][] = [
  [
    "three replicas",
    (d) => {
      d.spec.replicas = 3;
    },
    /spec.replicas is 3, not 2/,
  ],
  [
    "root allowed",
    (d) => {
      delete d.spec.template.spec.securityContext;
    },
    /runAsNonRoot is not true/,
  ],
  [
    "writable root filesystem",
    (d) => {
      (container(d).securityContext ?? {}).readOnlyRootFilesystem = false;
    },
    /readOnlyRootFilesystem is not true/,
  ],
  [
    "no /tmp volume",
    (d) => {
      container(d).volumeMounts = container(d).volumeMounts?.filter((m) => m.mountPath !== "/tmp");
    },
    /\/tmp is not an emptyDir/,
  ],
  [
    "liveness on /",
    (d) => {
      container(d).livenessProbe = { httpGet: { path: "/", port: "http" } };
    },
    /livenessProbe does not GET \/healthz/,
  ],
  [
    "readiness on an undeclared port",
    (d) => {
      container(d).readinessProbe = { httpGet: { path: "/readyz", port: 8080 } };
    },
    /readinessProbe targets an undeclared port/,
  ],
  [
    "a drain longer than the kubelet waits",
    (d) => {
      d.spec.template.spec.terminationGracePeriodSeconds = 20;
    },
    /SLIPWAY_SHUTDOWN_GRACE_SECONDS is not below terminationGracePeriodSeconds/,
  ],
  [
    "webhook secret inline",
    (d) => {
      container(d).env?.push({ name: "WEBHOOK_SECRET", value: "hunter2" });
    },
    /env WEBHOOK_SECRET is not a reference to a Secret/,
  ],
  [
    "server configuration outside the Secret mount",
    (d) => {
      const env = container(d).env?.find((e) => e.name === "SLIPWAY_SERVER_CONFIG");
      if (env) env.value = "/app/server-config.yaml";
    },
    /SLIPWAY_SERVER_CONFIG does not name a file in a mounted Secret/,
  ],
];

describe.skipIf(KUBECTL === null).each(OVERLAYS)("the Slipway server in deploy/overlays/%s", (overlay) => {
  let objects: Manifest[] = [];
  let deployment: Manifest;
  beforeAll(async () => {
    objects = await kustomize(overlayDir(overlay));
    const found = objects.find((o) => o.kind === "Deployment");
    if (!found) throw new Error(`deploy/overlays/${overlay} has no Deployment`);
    deployment = found;
  });

  it("runs 2 non-root replicas, read-only with /tmp, probed on /healthz and /readyz, secrets by reference", () => {
    expect(deploymentProblems(deployment)).toEqual([]);
    expect(secretObjects(objects)).toEqual([]);
    expect(disruptionBudgetProblems(objects, deployment)).toEqual([]);
  });

  it.each(BREAKAGES)("the checks name a Deployment with %s", (_name, edit, message) => {
    const broken = structuredClone(deployment);
    edit(broken as unknown as DeploymentView);
    expect(deploymentProblems(broken).join("\n")).toMatch(message);
  });

  it("the checks name a Secret shipped in the build and a budget that selects nothing", () => {
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "slipway-github-app", namespace: "slipway" },
    };
    expect(secretObjects([...objects, secret])).toEqual([
      "Secret slipway/slipway-github-app is shipped in the build",
    ]);
    const budgets = objects.map((o) =>
      o.kind === "PodDisruptionBudget"
        ? { ...o, spec: { minAvailable: 1, selector: { matchLabels: { app: "x" } } } }
        : o,
    );
    expect(disruptionBudgetProblems(budgets, deployment)).toEqual([
      "0 PodDisruptionBudgets with minAvailable 1 select Deployment slipway/slipway's pods",
    ]);
  });

  it("points SLIPWAY_SERVER_CONFIG and PRIVATE_KEY_PATH at the mounted Secrets", () => {
    const view = deployment as unknown as DeploymentView;
    const c = container(view);
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(env.SLIPWAY_SERVER_CONFIG).toBe("/etc/slipway/config/server-config.yaml");
    expect(env.PRIVATE_KEY_PATH).toBe("/etc/slipway/github-app/private-key.pem");
    expect(env.WEBHOOK_SECRET).toEqual({
      secretKeyRef: { name: "slipway-github-app", key: "webhook-secret" },
    });
    const secrets = (view.spec.template.spec.volumes ?? []).flatMap((v) =>
      v.secret ? [v.secret.secretName] : [],
    );
    expect(secrets.sort()).toEqual(["slipway-github-app", "slipway-server-config"]);
  });
});
