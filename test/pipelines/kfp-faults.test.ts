import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPipelinesFault, type PipelinesFault } from "../../src/pipelines/pipelines-fault.ts";
import { type FakeKfp, startFakeKfp } from "../fakes/kfp/fake.ts";
import { portOn, RETRAIN_YAML } from "./kfp-fixtures.ts";

const fault = (error: unknown): PipelinesFault => {
  if (!isPipelinesFault(error)) throw new Error(`not a PipelinesFault: ${String(error)}`);
  return error;
};

describe("KFP faults become plain PipelinesFaults", () => {
  let fake: FakeKfp;
  beforeEach(async () => {
    fake = await startFakeKfp({ tokens: { "tok-secret-value": "slipway" } });
  });
  afterEach(() => fake.close());
  const port = (options: { timeoutMs?: number; maxAttempts?: number } = {}) =>
    portOn(fake, { token: { env: "KFP_TOKEN" } }, { KFP_TOKEN: "tok-secret-value" }, options);

  it("retries reads on 503 and 502 within the attempt budget", async () => {
    const kfp = await port();
    fake.failNext("GET runs/{id}", 503, 2);
    const experiment = fake.addExperiment("e");
    fake.failNext("GET experiments", 502, 1);
    expect(await kfp.findExperiment("e")).toMatchObject({ id: experiment.experiment_id });
    const error = fault(await kfp.getRun("nope").catch((e: unknown) => e));
    expect(error.kind).toBe("not-found");
    expect(fake.requestsTo("GET runs/{id}")).toHaveLength(3);
  });

  it("sends a create again only when KFP said it did not act (429/503), never after a 502", async () => {
    const kfp = await port();
    fake.failNext("POST experiments", 503);
    await kfp.createExperiment("a");
    expect(fake.requestsTo("POST experiments")).toHaveLength(2);
    fake.failNext("POST experiments", 502);
    const error = fault(await kfp.createExperiment("b").catch((e: unknown) => e));
    expect(error.kind).toBe("server");
    expect(fake.requestsTo("POST experiments")).toHaveLength(3);
  });

  it("a create whose answer was lost is not sent twice", async () => {
    const kfp = await port();
    fake.failNext("POST experiments", { lostAnswer: true });
    const error = fault(await kfp.createExperiment("landed").catch((e: unknown) => e));
    expect(error.kind).toBe("unreachable");
    expect(fake.requestsTo("POST experiments")).toHaveLength(1);
    // It did land: whoever retries finds it by name.
    expect(await kfp.findExperiment("landed")).not.toBeNull();
  });

  it("gives up on a slow answer at the timeout", async () => {
    const kfp = await port({ timeoutMs: 50, maxAttempts: 2 });
    fake.failNext("GET experiments", { delayMs: 500 }, 2);
    const error = fault(await kfp.findExperiment("x").catch((e: unknown) => e));
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/did not answer within 50 ms/);
  });

  it("does not follow a sign-in redirect, and says why", async () => {
    const kfp = await port({ maxAttempts: 1 });
    fake.failNext("GET experiments", {
      status: 302,
      raw: "",
      headers: { location: "https://dex.example/auth?token=x" },
    });
    const error = fault(await kfp.findExperiment("x").catch((e: unknown) => e));
    expect(error.kind).toBe("auth");
    expect(error.message).toMatch(/redirected \(HTTP 302\)/);
    expect(error.message).not.toContain("dex.example");
  });

  it("refuses oversized and malformed answers without reading them whole", async () => {
    const kfp = await portOn(fake, { token: { env: "T" } }, { T: "tok-secret-value" }, {});
    fake.failNext("GET runs/{id}", { oversizedBytes: 17 * 1024 * 1024 });
    expect(fault(await kfp.getRun("a").catch((e: unknown) => e)).message).toMatch(
      /larger than 16777216 bytes/,
    );
    fake.failNext("GET runs/{id}", { malformed: "<html>proxy</html>" });
    expect(fault(await kfp.getRun("a").catch((e: unknown) => e)).message).toMatch(/not JSON/);
    fake.failNext("GET runs/{id}", { malformed: '{"run_id": 7}' });
    expect(fault(await kfp.getRun("a").catch((e: unknown) => e)).message).toMatch(
      /unexpected shape: run\.run_id is missing or not a string/,
    );
  });

  it("turns both of KFP's error bodies into one line, with an echoed credential masked", async () => {
    const kfp = await port({ maxAttempts: 1 });
    const experiment = fake.addExperiment("e");
    fake.failNext("POST runs", {
      status: 400,
      body: {
        code: 3,
        message: "Invalid input error: header authorization: Bearer tok-secret-value\nrejected",
        details: [],
      },
    });
    const error = fault(
      await kfp
        .createRun({
          displayName: "r",
          experimentId: experiment.experiment_id,
          source: { kind: "version", pipelineId: "p" },
          parameters: {},
        })
        .catch((e: unknown) => e),
    );
    expect(error.kind).toBe("invalid");
    expect(error.message).toBe(
      `Kubeflow Pipelines (${new URL(fake.url).host}) POST runs answered HTTP 400: Invalid input error: header authorization: Bearer *** rejected.`,
    );
    const pipeline = await kfp.createPipeline("p");
    const upload = fault(
      await kfp
        .uploadPipelineVersion(pipeline.id, "v1", new TextEncoder().encode("not: [a pipeline"))
        .catch((e: unknown) => e),
    );
    expect(upload.message).toMatch(/answered HTTP 400: Failed to convert pipelineSpec yaml/);
  });

  it("a parameter the pipeline does not declare is KFP's 400, passed on", async () => {
    const kfp = await port();
    const experiment = fake.addExperiment("e");
    const { pipeline } = fake.addPipeline("p", { v1: RETRAIN_YAML });
    const error = fault(
      await kfp
        .createRun({
          displayName: "r",
          experimentId: experiment.experiment_id,
          source: { kind: "version", pipelineId: pipeline.pipeline_id },
          parameters: { register_model: "m", learning_rat: 0.1 },
        })
        .catch((e: unknown) => e),
    );
    expect(error.message).toMatch(/Unrecognized input parameter: learning_rat/);
  });

  it("an unreadable token is an auth fault naming where it was looked for, never a value", async () => {
    const error = fault(
      await portOn(fake, { token: { file: "/var/run/secrets/kfp/token" } }).catch((e: unknown) => e),
    );
    expect(error.kind).toBe("auth");
    expect(error.message).toBe(
      "The Kubeflow Pipelines token could not be read from the file /var/run/secrets/kfp/token.",
    );
  });

  it("authenticates with the identity header a multi-user install trusts", async () => {
    const multi = await startFakeKfp({ multiUser: true, users: { "slipway@acme.io": ["ml-team"] } });
    try {
      const kfp = await portOn(
        multi,
        { namespace: "ml-team", identity: { header: "kubeflow-userid", value: { env: "KFP_USER" } } },
        { KFP_USER: "slipway@acme.io" },
      );
      await kfp.createExperiment("e");
      expect(multi.requests[0]?.user).toBe("slipway@acme.io");
    } finally {
      await multi.close();
    }
  });
});
