import { apiVersionOf, type KindSpec } from "./catalog.ts";

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/** `GET /api`: the core group's versions. */
export function coreVersions(): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443" }],
  };
}

/** `GET /apis`: every named group with the versions it serves (the first listed is preferred). */
export function groupList(kinds: readonly KindSpec[]): Record<string, unknown> {
  const groups = new Map<string, string[]>();
  for (const k of kinds) {
    if (k.group === "") continue;
    const versions = groups.get(k.group) ?? [];
    if (!versions.includes(k.version)) versions.push(k.version);
    groups.set(k.group, versions);
  }
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [...groups].map(([name, versions]) => ({
      name,
      versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    })),
  };
}

/** `GET /apis/<group>`: one APIGroup, its served versions with the preferred first; undefined when none. */
export function groupOf(kinds: readonly KindSpec[], group: string): Record<string, unknown> | undefined {
  const found = (groupList(kinds).groups as { name: string }[]).find((g) => g.name === group);
  return found ? { kind: "APIGroup", apiVersion: "v1", ...found } : undefined;
}

/**
 * `GET /api/v1` or `/apis/<group>/<version>`: an APIResourceList, or undefined when nothing is served
 * there (the API server then answers 404). Each resource precedes its `/status` subresource, as the real
 * list is sorted by name — clients that look a kind up take the first entry with that kind.
 */
export function resourceList(
  kinds: readonly KindSpec[],
  groupVersion: string,
): Record<string, unknown> | undefined {
  const served = kinds.filter((k) => apiVersionOf(k) === groupVersion);
  if (served.length === 0) return undefined;
  const resources = [...served]
    .sort((a, b) => (a.plural < b.plural ? -1 : 1))
    .flatMap((k) => {
      const main = {
        name: k.plural,
        singularName: k.kind.toLowerCase(),
        namespaced: k.namespaced,
        kind: k.kind,
        verbs: VERBS,
        storageVersionHash: "",
      };
      if (!k.statusSubresource) return [main];
      return [
        main,
        {
          name: `${k.plural}/status`,
          singularName: "",
          namespaced: k.namespaced,
          kind: k.kind,
          verbs: ["get", "patch", "update"],
        },
      ];
    });
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion, resources };
}
