import { describe, expect, it } from "vitest";
import {
  parseModelsUri,
  resolveArtifactUri,
  type UriLookups,
  UriResolutionError,
} from "../../src/tracker/local/download-uri.ts";

/** A tiny registry: version 1 in Production from a run, version 2 aliased "champion" from a logged model. */
const lookups: UriLookups = {
  runArtifactUri: async (id) => (id === "r1" ? "s3://bucket/1/r1/artifacts/" : undefined),
  loggedModelArtifactUri: async (id) => (id === "m-1" ? "s3://bucket/1/models/m-1/artifacts" : undefined),
  registeredUri: async (ref) => {
    if (ref.name === "loop") return "models:/loop/1";
    if (ref.kind === "version") return ref.version === "1" ? "runs:/r1/model" : "models:/m-1";
    if (ref.kind === "alias") return ref.alias === "champion" ? "models:/m-1" : undefined;
    if (ref.kind === "stage") return ref.stage === "Production" ? "runs:/r1/model" : undefined;
    return "models:/m-1";
  },
};
const fails = async (uri: string): Promise<UriResolutionError> => {
  try {
    await resolveArtifactUri(uri, lookups);
  } catch (error) {
    if (error instanceof UriResolutionError) return error;
    throw error;
  }
  throw new Error(`${uri} resolved`);
};

describe("download URIs, resolved as MLflow's artifact repositories read them", () => {
  it("reads every models:/ form", () => {
    expect(parseModelsUri("models:/fraud/3")).toEqual({ kind: "version", name: "fraud", version: "3" });
    expect(parseModelsUri("models:/fraud/Production")).toEqual({
      kind: "stage",
      name: "fraud",
      stage: "Production",
    });
    expect(parseModelsUri("models:/fraud/latest")).toEqual({ kind: "latest", name: "fraud" });
    expect(parseModelsUri("models:/fraud@champion")).toEqual({
      kind: "alias",
      name: "fraud",
      alias: "champion",
    });
    expect(parseModelsUri("models:/m-1")).toEqual({ kind: "logged-model", modelId: "m-1" });
    expect(parseModelsUri("models://fraud/1")).toBeUndefined();
  });

  it("follows runs:/ and models:/ to a plain artifact URI, one slash between base and path", async () => {
    expect(await resolveArtifactUri("runs:/r1/model", lookups)).toBe("s3://bucket/1/r1/artifacts/model");
    expect(await resolveArtifactUri("models:/fraud/1", lookups)).toBe("s3://bucket/1/r1/artifacts/model");
    expect(await resolveArtifactUri("models:/fraud@champion", lookups)).toBe(
      "s3://bucket/1/models/m-1/artifacts",
    );
    expect(await resolveArtifactUri("models:/fraud/Production", lookups)).toBe(
      "s3://bucket/1/r1/artifacts/model",
    );
    expect(await resolveArtifactUri("s3://bucket/elsewhere", lookups)).toBe("s3://bucket/elsewhere");
  });

  it("says what is missing, and stops a models:/ loop", async () => {
    const missing = await fails("runs:/r9/model");
    expect(missing.missing).toBe(true);
    expect(missing.message).toBe("Run with id=r9 not found (from runs:/r9/model)");
    expect((await fails("models:/fraud@ghost")).message).toBe(
      "models:/fraud@ghost names nothing in this store",
    );
    const loop = await fails("models:/loop/1");
    expect(loop.missing).toBe(false);
    expect(loop.message).toContain("more than 5 models:/ references");
  });
});
