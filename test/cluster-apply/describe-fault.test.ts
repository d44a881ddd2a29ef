import { describe, expect, it } from "vitest";
import { conflictingManagers, describeFault } from "../../src/cluster/apply/describe-fault.ts";
import { ClusterFault } from "../../src/cluster/cluster-port.ts";

describe("describing faults", () => {
  it("names every field manager of a server-side apply conflict once", () => {
    const message =
      'Apply failed with 3 conflicts: conflicts with "kubectl-edit" using apps/v1:\n- .spec.replicas\n' +
      'conflict with "helm" using apps/v1: .spec.template\nconflict with "kubectl-edit": .metadata.labels.x';
    expect(conflictingManagers(message)).toEqual(["kubectl-edit", "helm"]);
  });

  it("explains a conflict on an object Slipway does not own, with both ways out", () => {
    const fault = new ClusterFault(
      "conflict",
      'Kubernetes API (127.0.0.1) PATCH Deployment ml/x answered HTTP 409 Conflict: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas.',
      { status: 409 },
    );
    const text = describeFault(fault, "staging");
    expect(text).toMatch(
      /^the object exists and field manager "kubectl-client-side-apply" owns fields Slipway sets/,
    );
    expect(text).toContain("app.kubernetes.io/managed-by=slipway,slipway.dev/environment=staging");
    expect(text).toContain("The API server said: Kubernetes API (127.0.0.1) PATCH Deployment ml/x");
  });

  it("passes other faults through as they are", () => {
    const fault = new ClusterFault("conflict", "the object has been modified; please apply your changes");
    expect(describeFault(fault, "staging")).toBe(fault.message);
    const invalid = new ClusterFault("invalid", "spec.replicas: Invalid value");
    expect(describeFault(invalid, "staging")).toBe("spec.replicas: Invalid value");
  });
});
