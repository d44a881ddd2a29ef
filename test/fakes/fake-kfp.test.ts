import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RETRAIN_YAML } from "../pipelines/kfp-fixtures.ts";
import { type FakeKfp, startFakeKfp } from "./kfp/fake.ts";

/** Raw HTTP against the fake, as any client would speak to KFP's API server. */
async function call(fake: FakeKfp, method: string, path: string, body?: unknown, user = "alice@acme.io") {
  const response = await fetch(`${fake.url}/apis/v2beta1/${path}`, {
    method,
    headers: { "kubeflow-userid": user, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the fake KFP API server refuses what the real one refuses", () => {
  let fake: FakeKfp;
  let experiment: string;
  let pipeline: string;
  beforeEach(async () => {
    fake = await startFakeKfp({ multiUser: true, users: { "alice@acme.io": ["ml-team"] } });
    experiment = fake.addExperiment("e", "ml-team").experiment_id;
    pipeline = fake.addPipeline("p", { v1: RETRAIN_YAML }, "ml-team").pipeline.pipeline_id;
  });
  afterEach(() => fake.close());

  const recurring = (overrides: Record<string, unknown> = {}) => ({
    display_name: "nightly",
    experiment_id: experiment,
    pipeline_version_reference: { pipeline_id: pipeline },
    runtime_config: { parameters: { register_model: "m" } },
    max_concurrency: "1",
    trigger: { cron_schedule: { cron: "0 0 3 * * *" } },
    mode: "ENABLE",
    ...overrides,
  });

  it("answers an anonymous request with the gateway's 401 status body", async () => {
    const response = await fetch(`${fake.url}/apis/v2beta1/runs?namespace=ml-team`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { code: number; details: { "@type": string }[] };
    expect(body.code).toBe(16);
    expect(body.details[0]?.["@type"]).toBe("type.googleapis.com/google.rpc.Status");
  });

  it("enforces multi-user namespaces: experiments need one, and another profile's is forbidden", async () => {
    expect((await call(fake, "POST", "experiments", { display_name: "x" })).status).toBe(400);
    expect((await call(fake, "GET", "experiments")).status).toBe(400);
    const denied = await call(fake, "POST", "experiments", { display_name: "x", namespace: "finance" });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe(7);
    expect(
      (
        await call(fake, "POST", "runs", {
          display_name: "r",
          pipeline_version_reference: { pipeline_id: pipeline },
        })
      ).body.message,
    ).toMatch(/Experiment id can not be empty in multi-user mode/);
    expect((await call(fake, "GET", "runs")).status).toBe(400);
    expect(
      (await call(fake, "GET", `runs?experiment_id=${experiment}`, undefined, "mallory@acme.io")).status,
    ).toBe(403);
  });

  it("refuses unknown fields, a bad cron, and a max concurrency outside 1–10", async () => {
    expect((await call(fake, "POST", "recurringruns", recurring({ schedule: "x" }))).body.message).toMatch(
      /unknown field "schedule"/,
    );
    const cron = await call(
      fake,
      "POST",
      "recurringruns",
      recurring({ trigger: { cron_schedule: { cron: "0 3 * *" } } }),
    );
    expect(cron.status).toBe(400);
    expect(cron.body.message).toMatch(/Expected 5 to 6 fields, found 4/);
    const dow = await call(
      fake,
      "POST",
      "recurringruns",
      recurring({ trigger: { cron_schedule: { cron: "0 0 3 * * 7" } } }),
    );
    expect(dow.body.message).toMatch(/above maximum \(6\)/);
    expect((await call(fake, "POST", "recurringruns", recurring({ max_concurrency: "11" }))).status).toBe(
      400,
    );
    const ok = await call(fake, "POST", "recurringruns", recurring());
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      max_concurrency: "1",
      status: "ENABLED",
      namespace: "ml-team",
      service_account: "default-editor",
    });
  });

  it("pages with KFP's limits: a negative size or a forged token is a 400, 200 is the most per page", async () => {
    for (let i = 0; i < 3; i++)
      await call(fake, "POST", "experiments", { display_name: `x${i}`, namespace: "ml-team" });
    expect((await call(fake, "GET", "experiments?namespace=ml-team&page_size=-1")).status).toBe(400);
    expect((await call(fake, "GET", "experiments?namespace=ml-team&page_token=garbage")).status).toBe(400);
    const first = await call(fake, "GET", "experiments?namespace=ml-team&page_size=2");
    expect((first.body.experiments as unknown[]).length).toBe(2);
    expect(first.body.total_size).toBe(4);
    const token = String(first.body.next_page_token);
    const second = await call(
      fake,
      "GET",
      `experiments?namespace=ml-team&page_size=2&page_token=${encodeURIComponent(token)}`,
    );
    expect((second.body.experiments as unknown[]).length).toBe(2);
    expect(second.body.next_page_token).toBeUndefined();
    // A token belongs to its query: reused with another filter it is refused.
    const other = await call(
      fake,
      "GET",
      `experiments?namespace=ml-team&page_token=${encodeURIComponent(token)}&filter=${encodeURIComponent('{"predicates":[]}')}`,
    );
    expect(other.status).toBe(400);
  });

  it("records requests and can be strict about them", async () => {
    fake.strict = true;
    fake.expect("GET experiments/{id}");
    await call(fake, "GET", `experiments/${experiment}`);
    await call(fake, "GET", `pipelines/${pipeline}`);
    expect(() => fake.verify()).toThrow(/unexpected request GET pipelines/);
  });
});
