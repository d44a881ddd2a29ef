import { describe, expect, it } from "vitest";
import type { ModelManifest } from "../../src/manifests/schemas/model.ts";
import { registryMoves } from "../../src/workflows/deploy/registry-moves.ts";

function model(
  promotion: Partial<ModelManifest["spec"]["promotion"]>,
  version = 7,
): { name: string; manifest: ModelManifest } {
  return {
    name: "fraud-detection",
    manifest: {
      apiVersion: "slipway.dev/v1alpha1",
      kind: "Model",
      metadata: { name: "fraud-detection" },
      spec: {
        registry: { name: "fraud-detection", version },
        promotion: { environments: ["staging", "production"], ...promotion },
      },
    } as unknown as ModelManifest,
  };
}
const staging = { name: "staging" };
const production = { name: "production", production: true };
const none = new Map();

describe("registry moves after a healthy environment", () => {
  it("moves the promotion alias when production serves the version, not before", () => {
    expect(registryMoves([model({ alias: "champion" })], staging, none)).toEqual([]);
    expect(registryMoves([model({ alias: "champion" })], production, none)).toEqual([
      {
        kind: "alias",
        model: "fraud-detection",
        registeredModel: "fraud-detection",
        alias: "champion",
        version: "7",
      },
    ]);
  });

  it("moves legacy stages Staging → Production, archiving the previous production versions", () => {
    expect(registryMoves([model({ stage: "Production" })], staging, none)).toEqual([
      {
        kind: "stage",
        model: "fraud-detection",
        registeredModel: "fraud-detection",
        stage: "Staging",
        version: "7",
        archiveExisting: false,
      },
    ]);
    expect(registryMoves([model({ stage: "Production" })], production, none)).toMatchObject([
      { stage: "Production", archiveExisting: true },
    ]);
  });

  it("moves nothing the registry already says, or for models that do not promote through the environment", () => {
    const current = new Map([
      ["fraud-detection", { aliases: { champion: "7" }, stages: { Production: ["7"] } }],
    ]);
    expect(registryMoves([model({ alias: "champion" })], production, current)).toEqual([]);
    expect(registryMoves([model({ stage: "Production" })], production, current)).toEqual([]);
    expect(
      registryMoves([model({ alias: "champion", environments: ["staging"] })], production, none),
    ).toEqual([]);
  });
});
