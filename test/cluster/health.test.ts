import { describe, expect, it } from "vitest";
import { healthOf } from "../../src/cluster/health.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { configMap, deployment, inferenceService } from "./objects.ts";

const withStatus = (object: KubeObject, generation: number, status: unknown): KubeObject => ({
  ...object,
  metadata: { ...object.metadata, generation },
  status,
});

const cond = (type: string, status: string, reason?: string, message?: string) => ({
  type,
  status,
  reason,
  message,
});

describe("health of an InferenceService", () => {
  const isvc = inferenceService("fraud");

  it("is ready when Ready is True for the applied generation", () => {
    expect(
      healthOf(withStatus(isvc, 3, { observedGeneration: 3, conditions: [cond("Ready", "True")] })),
    ).toEqual({
      state: "ready",
      reason: "InferenceService Ready",
    });
  });

  it("is progressing while the controller has not observed the applied generation, even if Ready", () => {
    const health = healthOf(
      withStatus(isvc, 4, { observedGeneration: 3, conditions: [cond("Ready", "True")] }),
    );
    expect(health).toEqual({
      state: "progressing",
      reason: "waiting for the controller to observe generation 4 (it has seen 3)",
    });
    expect(healthOf(withStatus(isvc, 1, {})).reason).toContain("it has seen none");
  });

  it("is progressing while Ready is False, quoting the condition", () => {
    const health = healthOf(
      withStatus(isvc, 2, {
        observedGeneration: 2,
        conditions: [cond("Ready", "False", "RevisionMissing", "Configuration has not yet been reconciled")],
      }),
    );
    expect(health).toEqual({
      state: "progressing",
      reason: "InferenceService not Ready yet (RevisionMissing: Configuration has not yet been reconciled)",
    });
  });

  it("has failed when the model cannot load", () => {
    const status = {
      observedGeneration: 2,
      conditions: [cond("Ready", "False")],
      modelStatus: {
        transitionStatus: "BlockedByFailedLoad",
        lastFailureInfo: { reason: "ModelLoadFailed", message: "no such file model.txt" },
      },
    };
    expect(healthOf(withStatus(isvc, 2, status))).toEqual({
      state: "failed",
      reason: "BlockedByFailedLoad: ModelLoadFailed: no such file model.txt",
    });
    expect(
      healthOf(
        withStatus(isvc, 2, { observedGeneration: 2, modelStatus: { transitionStatus: "InvalidSpec" } }),
      ).state,
    ).toBe("failed");
  });

  it("does not report the previous generation's failure while a fix is being rolled out", () => {
    const status = { observedGeneration: 2, modelStatus: { transitionStatus: "BlockedByFailedLoad" } };
    expect(healthOf(withStatus(isvc, 3, status)).state).toBe("progressing");
  });
});

describe("health of a Seldon Model", () => {
  const model: KubeObject = {
    apiVersion: "mlops.seldon.io/v1alpha1",
    kind: "Model",
    metadata: { name: "fraud", namespace: "ml" },
    spec: {},
  };

  it("is ready on ModelReady True", () => {
    expect(
      healthOf(
        withStatus(model, 1, {
          observedGeneration: 1,
          conditions: [cond("ModelReady", "True", "ModelAvailable")],
        }),
      ).state,
    ).toBe("ready");
  });

  it("has failed when Seldon reports the model failed or could not be scheduled (its state name is in the message)", () => {
    const failedLoad = withStatus(model, 1, {
      observedGeneration: 1,
      conditions: [cond("ModelReady", "False", "rclone copy failed", "ModelFailed")],
    });
    expect(healthOf(failedLoad)).toEqual({
      state: "failed",
      reason: "Model not ready: rclone copy failed: ModelFailed",
    });
    const unscheduled = withStatus(model, 1, {
      observedGeneration: 1,
      conditions: [cond("ModelReady", "False", "failed to schedule model", "ScheduleFailed")],
    });
    expect(healthOf(unscheduled).state).toBe("failed");
  });

  it("is progressing otherwise", () => {
    expect(
      healthOf(withStatus(model, 1, { conditions: [cond("ModelReady", "False", "", "ModelProgressing")] }))
        .state,
    ).toBe("progressing");
    expect(
      healthOf(withStatus(model, 2, { observedGeneration: 1, conditions: [cond("ModelReady", "True")] }))
        .state,
    ).toBe("progressing");
  });
});

describe("health of a Deployment", () => {
  const d = deployment("fraud", { replicas: 3 });
  const available = cond("Available", "True", "MinimumReplicasAvailable");

  it("is ready when the rollout is complete and Available is True", () => {
    const status = {
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      conditions: [available],
    };
    expect(healthOf(withStatus(d, 2, status))).toEqual({
      state: "ready",
      reason: "3 of 3 replicas available",
    });
  });

  it.each([
    [
      {
        observedGeneration: 1,
        replicas: 3,
        updatedReplicas: 3,
        availableReplicas: 3,
        conditions: [available],
      },
      "waiting for the controller to observe generation 2 (it has seen 1)",
    ],
    [
      {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 1,
        availableReplicas: 3,
        conditions: [available],
      },
      "1 of 3 replicas updated",
    ],
    [
      {
        observedGeneration: 2,
        replicas: 4,
        updatedReplicas: 3,
        availableReplicas: 3,
        conditions: [available],
      },
      "1 old replicas pending termination",
    ],
    [
      {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 3,
        availableReplicas: 2,
        conditions: [available],
      },
      "2 of 3 updated replicas available",
    ],
    [
      {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 3,
        availableReplicas: 3,
        conditions: [cond("Available", "False", "MinimumReplicasUnavailable")],
      },
      "Deployment not Available yet (MinimumReplicasUnavailable)",
    ],
  ])("is progressing mid-rollout: %j", (status, reason) => {
    expect(healthOf(withStatus(d, 2, status))).toEqual({ state: "progressing", reason });
  });

  it("has failed once the progress deadline (the model-load timeout) passes", () => {
    const status = {
      observedGeneration: 2,
      updatedReplicas: 1,
      conditions: [
        cond(
          "Progressing",
          "False",
          "ProgressDeadlineExceeded",
          'ReplicaSet "fraud-7d9" has timed out progressing.',
        ),
      ],
    };
    expect(healthOf(withStatus(d, 2, status))).toEqual({
      state: "failed",
      reason: 'Deployment exceeded its progress deadline: ReplicaSet "fraud-7d9" has timed out progressing.',
    });
  });

  it("defaults spec.replicas to 1", () => {
    const one = { ...d, spec: { ...(d.spec as object), replicas: undefined } };
    const status = {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      availableReplicas: 1,
      conditions: [available],
    };
    expect(healthOf(withStatus(one, 1, status)).state).toBe("ready");
  });
});

describe("health of a Job and of other kinds", () => {
  const job: KubeObject = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "feast-apply", namespace: "ml" },
    spec: {},
  };

  it("follows the Job's Complete and Failed conditions", () => {
    expect(healthOf(withStatus(job, 1, { conditions: [cond("Complete", "True")] })).state).toBe("ready");
    expect(
      healthOf(
        withStatus(job, 1, {
          conditions: [
            cond("Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
          ],
        }),
      ),
    ).toEqual({
      state: "failed",
      reason: "Job failed: BackoffLimitExceeded: Job has reached the specified backoff limit",
    });
    expect(healthOf(withStatus(job, 1, { active: 1 }))).toEqual({
      state: "progressing",
      reason: "Job running (1 active)",
    });
  });

  it("calls any other kind ready once it exists", () => {
    expect(healthOf(configMap("settings", {}))).toEqual({ state: "ready", reason: "ConfigMap exists" });
    // Same kind name in another group is not a Seldon Model.
    expect(healthOf({ apiVersion: "example.com/v1", kind: "Model", metadata: { name: "m" } }).state).toBe(
      "ready",
    );
  });
});
