import { describe, expect, it } from "vitest";
import { createMlflowHttp } from "../../src/tracker/mlflow-rest/client.ts";
import { mlflowTracker } from "../../src/tracker/mlflow-rest/mlflow-tracker.ts";
import { faultOf } from "./tracker-harness.ts";

/** A fetch that records the URL and answers with a fixed status and JSON body. */
function recordingFetch(status: number, body: unknown) {
  const urls: string[] = [];
  const fetchFn = (async (input: string | URL | Request) => {
    urls.push(String(input));
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { urls, fetchFn };
}

describe("MLflow REST tracker: the tracking URI", () => {
  it("keeps a path prefix (MLflow behind a reverse proxy) and drops query and fragment", async () => {
    const { urls, fetchFn } = recordingFetch(200, { artifact_uri: "s3://models/1" });
    const tracker = mlflowTracker(
      createMlflowHttp({ trackingUri: "https://ml.example/mlflow?x=1#top", fetch: fetchFn }),
    );
    expect(await tracker.getDownloadUri("fraud detection", "1")).toBe("s3://models/1");
    expect(urls).toEqual([
      "https://ml.example/mlflow/api/2.0/mlflow/model-versions/get-download-uri?name=fraud+detection&version=1",
    ]);
  });

  it.each(["sqlite:///mlflow.db", "./mlruns", "databricks"])(
    "refuses %s, which is not a REST server",
    async (uri) => {
      const fault = await faultOf(Promise.resolve().then(() => createMlflowHttp({ trackingUri: uri })));
      expect(fault.kind).toBe("invalid");
    },
  );

  it("encodes a logged model id as one path segment", async () => {
    const { urls, fetchFn } = recordingFetch(404, { error_code: "RESOURCE_DOES_NOT_EXIST", message: "no" });
    const tracker = mlflowTracker(createMlflowHttp({ trackingUri: "http://127.0.0.1:5000", fetch: fetchFn }));
    await faultOf(tracker.getLoggedModel("../runs/get"));
    expect(urls).toEqual(["http://127.0.0.1:5000/api/2.0/mlflow/logged-models/..%2Fruns%2Fget"]);
  });

  it("keeps jittered backoff within the exponential cap", async () => {
    const { fetchFn } = recordingFetch(503, {});
    const sleeps: number[] = [];
    const http = createMlflowHttp({
      trackingUri: "http://127.0.0.1:5000",
      fetch: fetchFn,
      maxAttempts: 5,
      backoffMs: 100,
      maxBackoffMs: 300,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await faultOf(http.get("runs/get", { run_id: "r" }));
    expect(sleeps).toEqual([50, 100, 150, 150]);
  });
});
