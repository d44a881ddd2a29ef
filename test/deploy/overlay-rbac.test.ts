import { beforeAll, describe, expect, it } from "vitest";
import { executorLeaseName } from "../../src/cluster/lease/lease-lock.ts";
import { MONITOR_LEASE } from "../../src/github/monitor-lease.ts";
import { exampleEnvironment } from "../render/render-fixtures.ts";
import { KUBECTL, kustomize, label, type Manifest, OVERLAYS, overlayDir } from "./kustomize-build.ts";
import {
  ENGINE_VERBS,
  grants,
  leaseRules,
  renderedNamespaces,
  renderedResources,
  wildcardProblems,
} from "./rbac-rules.ts";

const SLIPWAY_NAMESPACE = "slipway";

describe.skipIf(KUBECTL === null).each(OVERLAYS)("RBAC of deploy/overlays/%s", (overlay) => {
  let objects: Manifest[] = [];
  let boundRoles: Manifest[] = [];
  beforeAll(async () => {
    objects = await kustomize(overlayDir(overlay));
    boundRoles = objects.filter((o) => o.kind === "Role" && o.metadata.name === "slipway-apply");
  });

  it("has no wildcard and nothing cluster-wide", () => {
    expect(wildcardProblems(objects)).toEqual([]);
    expect(objects.filter((o) => o.kind.startsWith("Cluster")).map(label)).toEqual([]);
  });

  it("grants, in each bound namespace, exactly the engine's verbs on exactly the kinds the renderer emits", async () => {
    const rendered = [...(await renderedResources())].sort();
    expect(rendered.length).toBeGreaterThan(10);
    for (const role of boundRoles) {
      const granted = grants(role);
      expect([...granted.keys()].sort(), label(role)).toEqual(rendered);
      for (const [resource, verbs] of granted)
        expect(verbs, `${label(role)} ${resource}`).toEqual(ENGINE_VERBS);
    }
  });

  it("covers exactly the namespaces the example server configuration binds to the environment", async () => {
    const bound = exampleEnvironment(overlay).namespaces;
    expect(boundRoles.map((r) => r.metadata.namespace).sort()).toEqual([...bound].sort());
    // Everything the template renders for this environment lands where Slipway may write.
    for (const namespace of await renderedNamespaces(overlay)) expect(bound).toContain(namespace);
  });

  it("lets the executor hold its environment's Lease in the first bound namespace, and nowhere else", () => {
    const first = exampleEnvironment(overlay).namespaces[0];
    const holders = objects.filter((o) => o.kind === "Role" && grants(o).has("coordination.k8s.io/leases"));
    expect(holders.map(label).sort()).toEqual([
      `Role ${first}/slipway-executor-lease`,
      `Role ${SLIPWAY_NAMESPACE}/slipway-self`,
    ]);
    const executor = holders.find((o) => o.metadata.namespace === first) as Manifest;
    // Exactly what LeaseLock sends: GET and PUT of its own Lease by name, POST (which names none).
    expect(leaseRules(executor)).toEqual([
      { verbs: ["create"], resourceNames: [] },
      { verbs: ["get", "update"], resourceNames: [executorLeaseName(overlay)] },
    ]);
    expect([...grants(executor).keys()]).toEqual(["coordination.k8s.io/leases"]);
  });

  it("lets Slipway hold the monitors Lease in its own namespace, and nothing else there", () => {
    const own = objects.filter((o) => o.kind === "Role" && o.metadata.namespace === SLIPWAY_NAMESPACE);
    expect(own).toHaveLength(1);
    const role = own[0] as Manifest;
    expect([...grants(role).keys()]).toEqual(["coordination.k8s.io/leases"]);
    expect(leaseRules(role)).toEqual([
      { verbs: ["create"], resourceNames: [] },
      { verbs: ["get", "update"], resourceNames: [MONITOR_LEASE] },
    ]);
  });

  it("binds every Role, in its own namespace, to Slipway's ServiceAccount only", () => {
    const roles = new Set(objects.filter((o) => o.kind === "Role").map(label));
    const bindings = objects.filter((o) => o.kind === "RoleBinding");
    expect(bindings).toHaveLength(roles.size);
    expect(objects.filter((o) => o.kind === "ServiceAccount").map(label)).toEqual([
      "ServiceAccount slipway/slipway",
    ]);
    for (const binding of bindings) {
      const { roleRef, subjects } = binding as Manifest & {
        roleRef: { kind: string; name: string };
        subjects: object[];
      };
      expect(roleRef.kind, label(binding)).toBe("Role");
      expect(roles, label(binding)).toContain(`Role ${binding.metadata.namespace}/${roleRef.name}`);
      expect(subjects, label(binding)).toEqual([
        { kind: "ServiceAccount", name: "slipway", namespace: SLIPWAY_NAMESPACE },
      ]);
    }
  });

  it("the wildcard check names the rule and field (it can fail)", () => {
    const role = structuredClone(boundRoles[0] as Manifest);
    (role.rules as { verbs: string[] }[])[1] = { verbs: ["*"] } as never;
    const cluster = {
      ...role,
      kind: "ClusterRole",
      rules: [{ apiGroups: ["*"], resources: ["pods"], verbs: ["get"] }],
    };
    expect(wildcardProblems([role, cluster])).toEqual([
      `${label(role)} rule 2: wildcard in verbs`,
      `ClusterRole ${role.metadata.namespace}/slipway-apply rule 1: wildcard in apiGroups`,
    ]);
  });
});
