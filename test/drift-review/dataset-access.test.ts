import { describe, expect, it } from "vitest";
import { ANY_S3, connectBoundDatasets } from "../../src/datasets/s3/dataset-access.ts";
import { planListing } from "../../src/datasets/s3/plan-listing.ts";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";

// Which S3 a review may read: the bound integration and its allowed prefixes; in embedded mode the
// standard AWS chain when the server's environment names credentials or an endpoint; never local files.

const readSecret = async (ref: { env: string } | { file: string }) => {
  if ("env" in ref && ref.env === "KEY") return "AKIDEXAMPLE";
  if ("env" in ref && ref.env === "SECRET") return "secret-value-9f2c";
  throw new Error("unset");
};

function binding(integrations: ServerBinding["integrations"]): ServerBinding {
  return { repository: "acme/ml-platform", environments: {}, integrations };
}

describe("the datasets a review may read", () => {
  it("opens the bound s3 integration with its allowed prefixes", async () => {
    const access = await connectBoundDatasets(
      binding({
        datalake: {
          type: "s3",
          endpoint: "http://127.0.0.1:9",
          allowedPrefixes: ["s3://lake/fraud/"],
          accessKeyId: { env: "KEY" },
          secretAccessKey: { env: "SECRET" },
        },
      }),
      "datalake",
      {},
      readSecret,
    );
    if (!("source" in access)) throw new Error(access.unavailable);
    expect(access.allowlist).toEqual(["s3://lake/fraud/"]);
    access.close();
  });

  it("allows nothing when the integration lists no prefixes", async () => {
    const access = await connectBoundDatasets(
      binding({ datalake: { type: "s3" } }),
      "datalake",
      {},
      readSecret,
    );
    if (!("source" in access)) throw new Error(access.unavailable);
    expect(access.allowlist).toEqual([]);
    access.close();
  });

  it("says so for a name the server does not bind as s3", async () => {
    const none = await connectBoundDatasets(binding({}), "datalake", {}, readSecret);
    expect(none).toEqual({
      unavailable: 'the server binds no `s3` integration named "datalake" for this repository',
    });
    const mlflow = await connectBoundDatasets(
      binding({ datalake: { type: "mlflow", trackingUri: "http://x" } }),
      "datalake",
      {},
      readSecret,
    );
    expect("unavailable" in mlflow).toBe(true);
  });

  it("names the credential reference that cannot be read, never a value", async () => {
    const access = await connectBoundDatasets(
      binding({ datalake: { type: "s3", accessKeyId: { env: "KEY" }, secretAccessKey: { env: "MISSING" } } }),
      "datalake",
      {},
      readSecret,
    );
    expect(access).toEqual({
      unavailable:
        "S3 integration datalake: the secret access key could not be read from environment variable MISSING; fix the server configuration",
    });
    expect(JSON.stringify(access)).not.toContain("AKIDEXAMPLE");
  });

  it("in embedded mode, reads every s3:// location only when the environment gives AWS access", async () => {
    expect(await connectBoundDatasets(null, "datalake", {}, readSecret)).toEqual({
      unavailable:
        "no S3 is configured for this server (bind an `s3` integration in the server configuration, or give the server AWS credentials or AWS_ENDPOINT_URL_S3)",
    });
    const access = await connectBoundDatasets(
      null,
      "datalake",
      { AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9" },
      readSecret,
    );
    if (!("source" in access)) throw new Error(access.unavailable);
    expect(access.allowlist).toBe(ANY_S3);
    access.close();
    // A local path is outside every s3:// prefix: a finding, nothing is opened.
    const local = planListing({ path: "data/reference.csv" }, new Date(0), ANY_S3);
    expect(local).toMatchObject({ kind: "finding", finding: { code: "SLW127" } });
    expect(planListing({ path: "s3://any-bucket/x.csv" }, new Date(0), ANY_S3).kind).toBe("object");
  });
});
