import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { toClusterFault } from "../../src/cluster/cluster-errors.ts";
import { ClusterFault } from "../../src/cluster/cluster-port.ts";
import { redactCredentials } from "../../src/redaction/redact-credentials.ts";

const SITE = {
  host: "k8s.example:6443",
  verb: "PATCH",
  object: "Deployment ml/fraud",
  secrets: ["tok-123456789"],
};

describe("mapping client errors to ClusterFault", () => {
  it("keeps the Status message and reason and names the request", () => {
    const body = JSON.stringify({
      kind: "Status",
      message: 'deployments.apps "fraud" not found',
      reason: "NotFound",
      code: 404,
    });
    const fault = toClusterFault(new ApiException(404, "Unsuccessful HTTP Request", body, {}), SITE, 1000);
    expect(fault).toBeInstanceOf(ClusterFault);
    expect(fault).toMatchObject({ kind: "not-found", status: 404, object: "Deployment ml/fraud" });
    expect(fault.message).toBe(
      'Kubernetes API (k8s.example:6443) PATCH Deployment ml/fraud answered HTTP 404 NotFound: deployments.apps "fraud" not found.',
    );
  });

  it("does without a Status body (a proxy's page) and never repeats it", () => {
    const fault = toClusterFault(
      new ApiException(502, "Unsuccessful HTTP Request", "<html>Bad Gateway tok-123456789</html>", {}),
      SITE,
      1000,
    );
    expect(fault.kind).toBe("server");
    expect(fault.message).toBe(
      "Kubernetes API (k8s.example:6443) PATCH Deployment ml/fraud answered HTTP 502.",
    );
  });

  it.each([
    [408, "timeout"],
    [410, "conflict"],
    [413, "invalid"],
    [429, "server"],
  ] as const)("maps HTTP %i to %s", (status, kind) => {
    expect(toClusterFault(new ApiException(status, "x", "", {}), SITE, 1000).kind).toBe(kind);
  });

  it("tells a network failure from a bug, and scrubs credentials from the library's own errors", () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    expect(toClusterFault(refused, SITE, 1000)).toMatchObject({ kind: "unreachable" });
    const bug = toClusterFault(
      new TypeError("Cannot read properties of undefined (reading 'items')"),
      SITE,
      1000,
    );
    expect(bug.kind).toBe("invalid");
    const exec = toClusterFault(new Error("exec plugin failed: token tok-123456789 expired"), SITE, 1000);
    expect(exec.kind).toBe("auth");
    expect(exec.message).not.toContain("tok-123456789");
    const timeout = toClusterFault(
      new DOMException("The operation was aborted due to timeout", "TimeoutError"),
      SITE,
      250,
    );
    expect(timeout).toMatchObject({
      kind: "timeout",
      message: "Kubernetes API (k8s.example:6443) PATCH Deployment ml/fraud did not answer within 250 ms.",
    });
  });

  it("passes a ClusterFault through unchanged", () => {
    const fault = new ClusterFault("conflict", "already mapped");
    expect(toClusterFault(fault, SITE, 1000)).toBe(fault);
  });

  it("scrubs known secrets and any bearer token", () => {
    expect(redactCredentials("a tok-123456789 b", ["tok-123456789"])).toBe("a *** b");
    expect(redactCredentials("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.x.y", [])).toBe(
      "Authorization: Bearer ***",
    );
    expect(redactCredentials("short abc stays", ["abc"])).toBe("short abc stays");
  });
});
