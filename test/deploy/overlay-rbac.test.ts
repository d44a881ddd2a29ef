import { beforeAll, describe, expect, it } from "vitest";
import { exampleEnvironment } from "../render/render-fixtures.ts";
import { KUBECTL, kustomize, label, type Manifest, OVERLAYS, overlayDir } from "./kustomize-build.ts";
import {
  ENGINE_VERBS,
  grants,
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
    boundRoles = objects.filter((o) => o.kind === "Role" && o.metadata.namespace !== SLIPWAY_NAMESPACE);
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

  it("lets Slipway hold Leases and keep ConfigMaps in its own namespace, and nothing else there", () => {
    const own = objects.filter((o) => o.kind === "Role" && o.metadata.namespace === SLIPWAY_NAMESPACE);
    expect(own).toHaveLength(1);
    const granted = Object.fromEntries(grants(own[0] as Manifest));
    expect(granted).toEqual({
      "coordination.k8s.io/leases": ["create", "get", "update"],
      "/configmaps": ENGINE_VERBS,
    });
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
