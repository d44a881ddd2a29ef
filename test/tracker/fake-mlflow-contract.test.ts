import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeMlflow, startFakeMlflow } from "../fakes/mlflow/fake.ts";

/** The fake must hold the tracker to MLflow's contract, so it is checked with plain fetch here. */
describe("fake MLflow: the wire contract it enforces", () => {
  let fake: FakeMlflow;
  beforeEach(async () => {
    fake = await startFakeMlflow();
  });
  afterEach(async () => {
    await fake.close();
  });

  const call = async (method: string, endpoint: string, body?: unknown, contentType = "application/json") => {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { "content-type": contentType };
    }
    const res = await fetch(`${fake.url}/api/2.0/mlflow/${endpoint}`, init);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("answers RESOURCE_ALREADY_EXISTS with HTTP 400, as MLflow maps it", async () => {
    expect((await call("POST", "registered-models/create", { name: "m" })).status).toBe(200);
    const again = await call("POST", "registered-models/create", { name: "m" });
    expect(again.status).toBe(400);
    expect(again.body.error_code).toBe("RESOURCE_ALREADY_EXISTS");
  });

  it("requires a JSON content type on POST and DELETE", async () => {
    const res = await call("DELETE", "registered-models/alias", { name: "m", alias: "a" }, "text/plain");
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe("INVALID_PARAMETER_VALUE");
  });

  it("answers an unknown endpoint with ENDPOINT_NOT_FOUND and records it as unexpected", async () => {
    const res = await call("GET", "runs/list");
    expect(res.status).toBe(404);
    expect(res.body.error_code).toBe("ENDPOINT_NOT_FOUND");
    expect(() => fake.assertNoUnexpected()).toThrow("GET runs/list");
  });

  it("refuses runs/search over GET (MLflow serves it as POST only)", async () => {
    expect((await call("GET", "runs/search")).status).toBe(404);
  });

  it("validates max_results and required fields with INVALID_PARAMETER_VALUE", async () => {
    const big = await call("POST", "runs/search", { experiment_ids: ["0"], max_results: 50_001 });
    expect(big.status).toBe(400);
    expect(String(big.body.message)).toContain("at most 50000");
    const noName = await call("GET", "registered-models/get");
    expect(noName.body.message).toContain("Missing value for required parameter 'name'");
  });

  it("requires archive_existing_versions on a stage transition", async () => {
    fake.addModelVersion({ name: "m" });
    const res = await call("POST", "model-versions/transition-stage", {
      name: "m",
      version: "1",
      stage: "Staging",
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("archive_existing_versions");
  });

  it("omits empty lists and the last page's token, as protobuf JSON does", async () => {
    const res = await call("POST", "runs/search", { experiment_ids: ["0"] });
    expect(res.body).toEqual({});
  });
});

describe("fake MLflow: a strict double", () => {
  it("fails verify() on an unexpected request and on an expected one that never came", async () => {
    const fake = await startFakeMlflow({ strict: true });
    try {
      fake.expect("GET registered-models/get");
      fake.expect("GET model-versions/get");
      await fetch(`${fake.url}/api/2.0/mlflow/registered-models/get?name=m`);
      await fetch(`${fake.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default`);
      expect(() => fake.verify()).toThrow(
        /unexpected request GET experiments\/get-by-name[\s\S]*expected GET model-versions\/get 1 time\(s\), got 0/,
      );
    } finally {
      await fake.close();
    }
  });

  it("passes verify() when exactly the expected requests came", async () => {
    const fake = await startFakeMlflow({ strict: true });
    try {
      fake.expect("GET experiments/get-by-name", 2);
      for (let i = 0; i < 2; i++)
        await fetch(`${fake.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default`);
      expect(() => fake.verify()).not.toThrow();
    } finally {
      await fake.close();
    }
  });
});
