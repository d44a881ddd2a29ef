import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { toClusterFault } from "../../src/cluster/cluster-errors.ts";
import { s3Fault } from "../../src/datasets/s3/s3-fault.ts";
import { toGitHubCallFault } from "../../src/github/github-call-fault.ts";
import { faultFromResponse as kfpFault } from "../../src/pipelines/kfp-rest/kfp-errors.ts";
import { faultFromResponse as mlflowFault } from "../../src/tracker/mlflow-rest/errors.ts";

// Every adapter that turns an upstream's error into a message goes through src/redaction: an echo of
// the credential in any encoding never reaches the fault, while the status and the error code do.

const TOKEN = "sa-token.eyJhbGciOi.Zm9vYmFy+long/value";
const ECHOES = [
  `Bearer%20${encodeURIComponent(TOKEN)}`,
  Buffer.from(`Bearer ${TOKEN}`).toString("base64"),
  TOKEN.toLowerCase(),
  Buffer.from(TOKEN).toString("base64"),
];

function clean(text: string): void {
  for (const form of [TOKEN, ...ECHOES]) expect(text.toLowerCase()).not.toContain(form.toLowerCase());
}

describe("adapter faults from an upstream that echoes the token", () => {
  for (const echo of ECHOES) {
    const said = `request with ${echo} is not allowed`;

    it(`MLflow keeps 403 PERMISSION_DENIED, not ${echo.slice(0, 12)}…`, () => {
      const body = JSON.stringify({ error_code: "PERMISSION_DENIED", message: said });
      const fault = mlflowFault("MLflow (h) GET runs/get", 403, body, [TOKEN]);
      expect(fault.message).toContain("HTTP 403 PERMISSION_DENIED");
      clean(fault.message);
      clean(fault.serverMessage ?? "");
    });

    it(`Kubeflow Pipelines keeps 403, not ${echo.slice(0, 12)}…`, () => {
      const fault = kfpFault(
        "Kubeflow Pipelines (h) GET runs",
        403,
        JSON.stringify({ code: 7, message: said }),
        [TOKEN],
      );
      expect(fault.message).toContain("HTTP 403");
      clean(fault.message);
    });

    it(`Kubernetes keeps 403 Forbidden, not ${echo.slice(0, 12)}…`, () => {
      const body = JSON.stringify({ kind: "Status", reason: "Forbidden", message: said, code: 403 });
      const site = { host: "k8s", verb: "GET", object: "Lease ml/x", secrets: [TOKEN] };
      const fault = toClusterFault(new ApiException(403, "Forbidden", body, {}), site, 1000);
      expect(fault.message).toContain("HTTP 403 Forbidden");
      clean(fault.message);
    });

    it(`S3 and GitHub faults keep their status, not ${echo.slice(0, 12)}…`, () => {
      const s3 = s3Fault(
        { name: "AccessDenied", message: said, $metadata: { httpStatusCode: 403 } },
        "s3://b/k",
        { secrets: [TOKEN], endpointHost: "minio" },
      );
      expect(s3.message).toContain("HTTP 403");
      clean(s3.message);
      const github = toGitHubCallFault(
        "posting the comment",
        { status: 403, response: { data: { message: said } } },
        [TOKEN],
      );
      expect(github.message).toContain("GitHub answered HTTP 403");
      clean(github.message);
    });
  }
});
