import { beforeAll, describe, expect, it } from "vitest";
import { schemaProblem } from "./kubernetes-schemas.ts";
import {
  KUBECTL,
  kustomize,
  label,
  type Manifest,
  OVERLAYS,
  overlayDir,
  parseStream,
} from "./kustomize-build.ts";

describe.skipIf(KUBECTL === null).each(OVERLAYS)("kubectl kustomize deploy/overlays/%s", (overlay) => {
  let objects: Manifest[] = [];
  beforeAll(async () => {
    objects = await kustomize(overlayDir(overlay));
  });

  it("builds, and every object validates against the Kubernetes schemas", () => {
    const problems = objects.flatMap((o) => {
      const problem = schemaProblem(o);
      return problem ? [`${label(o)}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
    expect(new Set(objects.map((o) => o.kind))).toEqual(
      new Set([
        "Namespace",
        "ServiceAccount",
        "Role",
        "RoleBinding",
        "Deployment",
        "Service",
        "PodDisruptionBudget",
      ]),
    );
  });

  it("holds one Deployment, Service, PodDisruptionBudget and ServiceAccount, all in namespace slipway", () => {
    for (const kind of ["Deployment", "Service", "PodDisruptionBudget", "ServiceAccount"]) {
      const found = objects.filter((o) => o.kind === kind);
      expect(found.map(label)).toEqual([`${kind} slipway/slipway`]);
    }
  });

  it("the schema check rejects a wrong type and an unknown kind (it can fail)", () => {
    const deployment = objects.find((o) => o.kind === "Deployment") as Manifest & { spec: object };
    expect(schemaProblem({ ...deployment, spec: { ...deployment.spec, replicas: "two" } })).toMatch(
      /replicas/,
    );
    expect(schemaProblem({ ...deployment, kind: "StatefulSet" })).toMatch(/no Kubernetes schema known/);
  });
});

describe("reading a kustomize build", () => {
  it("names the document of a malformed stream", () => {
    const text = "apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n---\nkind: [unclosed\n";
    expect(() => parseStream(text, "overlays/x")).toThrow(/^overlays\/x: document 2: /);
    expect(() => parseStream("apiVersion: v1\nmetadata: { name: a }\n", "overlays/x")).toThrow(
      "overlays/x: document 1: not a Kubernetes object (no apiVersion or kind)",
    );
  });

  it.skipIf(KUBECTL === null)("reports a failed build with kubectl's reason", async () => {
    await expect(kustomize(`${overlayDir("staging")}/does-not-exist`)).rejects.toThrow(
      /^kubectl kustomize .*does-not-exist failed: /,
    );
  });
});
