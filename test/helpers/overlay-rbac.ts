import type { KubeObject } from "../../src/render/kube-object.ts";
import { KUBECTL, kustomize, type Manifest, type Overlay, overlayDir } from "../deploy/kustomize-build.ts";
import type { FakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { serviceAccountUser } from "../fakes/kubernetes/identity.ts";

/** The identity `deploy/base` runs Slipway's pods as. */
export const SLIPWAY_USER = serviceAccountUser("slipway", "slipway");

const RBAC_KINDS = new Set(["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"]);
const built = new Map<Overlay, Promise<Manifest[]>>();

/** The Roles, ClusterRoles and bindings `kubectl kustomize deploy/overlays/<overlay>` renders (built once). */
export async function overlayRbac(overlay: Overlay): Promise<Manifest[]> {
  let objects = built.get(overlay);
  if (!objects) {
    objects = kustomize(overlayDir(overlay)).then((all) => all.filter((o) => RBAC_KINDS.has(o.kind)));
    built.set(overlay, objects);
  }
  return structuredClone(await objects);
}

/**
 * Puts the overlay's RBAC in the fake cluster (optionally edited first, e.g. to take a rule away) and
 * returns the user to run Slipway as: its ServiceAccount, so every request Slipway makes is authorized
 * as in a cluster where the overlay was applied. Without kubectl nothing can be built: Slipway then runs
 * as the administrator, and this says so on stderr.
 */
export async function grantOverlay(
  fake: FakeKubernetes,
  overlay: Overlay,
  edit: (objects: Manifest[]) => Manifest[] = (o) => o,
): Promise<string | undefined> {
  if (KUBECTL === null) {
    process.stderr.write(
      `\n*** kubectl is missing: ${overlay}'s RBAC NOT enforced; Slipway runs as admin ***\n\n`,
    );
    return undefined;
  }
  fake.seed(edit(await overlayRbac(overlay)) as KubeObject[], "kubectl-client-side-apply");
  return SLIPWAY_USER;
}

/** The overlay's objects without any rule on `resource` (e.g. `leases`): RBAC that forgot it. */
export function withoutResource(resource: string): (objects: Manifest[]) => Manifest[] {
  return (objects) =>
    objects.map((o) => {
      if (!Array.isArray(o.rules)) return o;
      const rules = (o.rules as { resources?: string[] }[])
        .map((r) => ({ ...r, resources: (r.resources ?? []).filter((x) => x !== resource) }))
        .filter((r) => r.resources.length > 0);
      return { ...o, rules };
    });
}
