import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/experiments/compare.ts";
import { experimentsSection } from "../../src/report/experiments-section.ts";
import { composeStickyComment } from "../../src/report/sticky-comment.ts";
import { expectGolden } from "../helpers/golden.ts";
import { candidate, fraudGates, production, seedComparison } from "./seed-scenario.ts";

describe("experiments section", () => {
  it("on a first deployment shows no production column values, one chart series, and says so", () => {
    const c = compareRuns({ candidate, gates: fraudGates, baselineSource: "none" });
    const section = experimentsSection([{ model: "fraud-detection", comparison: c }]);
    expect(section.id).toBe("experiments");
    expect(section.body).toContain("first deployment: absolute gates only");
    expect(section.body.match(/^ {2}bar /gm)).toHaveLength(1);
    expect(section.body).toContain(
      "| — | 0.9538 | — | ✅ maximize ≥ 0.9, drop ≤ 0.005 vs production — first deployment:",
    );
    expectGolden("experiments/first-deployment.md", section.body);
  });

  it("marks gates on different dataset digests ⚠️ and fails the model", () => {
    const c = compareRuns({
      candidate: { ...candidate, datasetDigests: ["sha256:0000"] },
      baseline: production,
      gates: fraudGates,
      baselineSource: "alias",
      baselineNote: "the champion alias points at version 6, but the last deploy record says 5",
    });
    const section = experimentsSection([{ model: "fraud-detection", comparison: c }]);
    expect(section.body).toContain(
      "| 0.9512 | 0.9538 | +0.002600 (+0.273%) | ⚠️ maximize ≥ 0.9, drop ≤ 0.005 vs production — not comparable:",
    );
    expect(section.body).toContain("#### ❌ **fraud-detection**");
    expect(section.body).toContain("> ⚠️ the champion alias points at version 6");
    expect(section.body).toContain("**different digests**");
    expectGolden("experiments/not-comparable.md", section.body);
  });

  it("escapes names that would break the table, the chart or the HTML", () => {
    const c = compareRuns({
      candidate: {
        runId: "c",
        metrics: { 'a|b"<x>`': 1 },
        params: { "p|q": "v`|<b>" },
        datasetDigests: ["d"],
      },
      baseline: { runId: "p", metrics: { 'a|b"<x>`': 1 }, params: {}, datasetDigests: ["d"] },
      gates: [{ metric: 'a|b"<x>`', goal: "maximize", min: 0 }],
      baselineSource: "deploy-record",
    });
    const body = experimentsSection([{ model: "m<script>", comparison: c }]).body;
    expect(body).not.toMatch(/<x>|<b>|<script>/);
    expect(body).toContain("| `a\\|b\"&lt;x&gt;'` |");
    expect(body).toContain(`x-axis ["a|b''x''"]`);
    expect(body).toContain("| `p\\|q` | — | `v'\\|&lt;b&gt;` |");
  });

  it("renders several models in order, each with its own verdict, and a compact form listing failures only", () => {
    const failing = seedComparison({ metrics: { ...candidate.metrics, recall: 0.7 } });
    const section = experimentsSection([
      { model: "fraud-detection", comparison: failing },
      { model: "churn", comparison: seedComparison() },
    ]);
    expect(section.body.indexOf("**fraud-detection**")).toBeLessThan(section.body.indexOf("**churn**"));
    expect(section.compact).toBe(
      "### Experiments\n\n- ❌ **fraud-detection** — 3 of 4 gates pass\n  - recall: below the minimum 0.75\n- ✅ **churn** — 4 of 4 gates pass\n\nDetails are in the `slipway/gates` check run.",
    );
  });

  it("says so when no model changed", () => {
    expect(experimentsSection([]).body).toBe("### Experiments\nNo model changes.");
  });

  it("takes its place in the sticky comment", () => {
    const section = experimentsSection([{ model: "fraud-detection", comparison: seedComparison() }]);
    const comment = composeStickyComment("0123456789abcdef", [section], ["/slipway compare"]);
    expect(comment).toContain("### Experiments");
    expect(comment).toContain("```mermaid\nxychart-beta");
  });

  it("the Comparison is its own JSON: it survives a round trip unchanged", () => {
    const c = seedComparison();
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });
});
