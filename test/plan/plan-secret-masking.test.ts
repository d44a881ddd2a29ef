import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/build-plan.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import type { RenderResult } from "../../src/render/render-result.ts";
import { renderPlanJson } from "../../src/report/plan-json.ts";
import { renderPlanMarkdown } from "../../src/report/plan-markdown.ts";
import { renderPlanText } from "../../src/report/plan-text.ts";

const secret = (data: Record<string, string>): KubeObject => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: {
    name: "scorer-credentials",
    namespace: "ml-serving",
    labels: { "app.kubernetes.io/managed-by": "slipway" },
  },
  type: "Opaque",
  data,
});

const desired = (objects: KubeObject[]): RenderResult => ({
  environment: "staging",
  commit: "abc1234",
  objects,
  skipped: [],
});

const OLD = "b2xkLXBhc3N3b3Jk"; // base64 of a password
const NEW = "bmV3LXBhc3N3b3Jk";
const KEPT = "a2VwdC10b2tlbg==";

describe("secret values in plans", () => {
  it("are masked in every output, telling only whether each value changed", () => {
    const plan = buildPlan({
      desired: desired([secret({ password: NEW, token: KEPT, added: NEW })]),
      live: { baseline: "inventory", objects: [secret({ password: OLD, token: KEPT, removed: OLD })] },
    });
    const change = plan.changes[0];
    expect(change?.action).toBe("update");
    expect(change?.diff).toEqual([
      { path: "data.added", after: "(masked, new)" },
      { path: "data.password", before: "(masked, old)", after: "(masked, new)" },
      { path: "data.removed", before: "(masked, old)" },
    ]);
    for (const output of [renderPlanText(plan), renderPlanJson(plan), renderPlanMarkdown(plan)]) {
      for (const value of [OLD, NEW, KEPT]) expect(output).not.toContain(value);
    }
  });

  it("are masked in creates and deletes too, and an unchanged secret stays unchanged", () => {
    const created = buildPlan({ desired: desired([secret({ password: NEW })]) });
    expect(JSON.stringify(created)).not.toContain(NEW);
    const deleted = buildPlan({
      desired: desired([]),
      live: { baseline: "inventory", objects: [secret({ password: OLD })] },
    });
    expect(deleted.changes[0]?.action).toBe("delete");
    expect(JSON.stringify(deleted)).not.toContain(OLD);
    const same = buildPlan({
      desired: desired([secret({ password: KEPT })]),
      live: { baseline: "inventory", objects: [secret({ password: KEPT })] },
    });
    expect(same.summary.unchanged).toBe(1);
  });

  it("do not leak through the plan hash or digests: different secret values give the same plan", () => {
    const a = buildPlan({ desired: desired([secret({ password: OLD })]) });
    const b = buildPlan({ desired: desired([secret({ password: NEW })]) });
    expect(a.hash).toBe(b.hash);
  });
});
