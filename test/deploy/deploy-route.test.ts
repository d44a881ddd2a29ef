import { describe, expect, it } from "vitest";
import type { RepoConfig } from "../../src/manifests/schemas/repo-config.ts";
import { deployRoute, nextStep } from "../../src/workflows/deploy/deploy-route.ts";

const config: RepoConfig = {
  version: 1,
  environments: [
    { name: "staging", branch: "main" },
    { name: "canary", branch: "release" },
    {
      name: "production",
      branch: "main",
      production: true,
      approvals: { required: 1, approvers: ["@acme/ml-platform"] },
    },
  ],
  integrations: {},
};
const route = deployRoute(config, "main");
const facts = (over: Partial<Parameters<typeof nextStep>[1]> = {}) => ({
  applied: new Map<string, "success" | "failure" | null>(),
  approvals: new Map<string, number>(),
  gatesConclusion: "success" as string | null,
  ...over,
});

describe("the deploy route of a commit", () => {
  it("follows the branch, in declared order", () => {
    expect(route.map((e) => e.name)).toEqual(["staging", "production"]);
    expect(deployRoute(config, "release").map((e) => e.name)).toEqual(["canary"]);
    expect(deployRoute(config, "feature")).toEqual([]);
  });

  it("goes to staging first, with no gate", () => {
    expect(nextStep(route, facts())).toMatchObject({
      environment: { name: "staging" },
      gate: { kind: "ready" },
    });
  });

  it("stops production on gates that did not succeed, before approvals", () => {
    const applied = new Map([["staging", "success" as const]]);
    for (const conclusion of [null, "failure", "neutral"])
      expect(nextStep(route, facts({ applied, gatesConclusion: conclusion }))?.gate).toEqual({
        kind: "gates",
        conclusion,
      });
  });

  it("waits for approvals, then is ready", () => {
    const applied = new Map([["staging", "success" as const]]);
    expect(nextStep(route, facts({ applied }))?.gate).toEqual({
      kind: "approvals",
      have: 0,
      need: 1,
      approvers: ["@acme/ml-platform"],
    });
    const approvals = new Map([["production", 1]]);
    expect(nextStep(route, facts({ applied, approvals }))).toMatchObject({
      environment: { name: "production" },
      gate: { kind: "ready" },
    });
  });

  it("stops after a failed environment and ends when every environment is done", () => {
    expect(nextStep(route, facts({ applied: new Map([["staging", "failure"]]) }))?.gate).toEqual({
      kind: "done",
    });
    const all = new Map([
      ["staging", "success" as const],
      ["production", "success" as const],
    ]);
    expect(nextStep(route, facts({ applied: all }))).toBeNull();
  });
});
