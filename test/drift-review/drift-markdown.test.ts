import { describe, expect, it } from "vitest";
import type { Manifest } from "../../src/manifests/snapshot.ts";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { DRIFT_BODY_BUDGET, monitorReportMarkdown } from "../../src/report/drift-section.ts";
import { COMMENT_LIMIT, composeStickyComment } from "../../src/report/sticky-comment.ts";
import { driftCommentSection } from "../../src/workflows/drift/drift-markdown.ts";
import type { MonitorRun } from "../../src/workflows/drift/run-monitor.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";
import { fraudReport } from "../report/drift-scenario.ts";

// The drift section of the comment: one block per monitor, within its budget, each naming the command
// that refreshes it; anything from a manifest is escaped.

async function monitor(name: string): Promise<Manifest<"Monitor">> {
  const snapshot = validateRepo(treeOf(await templateFiles())).snapshot;
  const found = snapshot.manifests.Monitor.get("fraud-detection-drift") as Manifest<"Monitor">;
  return { ...found, name };
}

async function reportRun(name: string): Promise<MonitorRun> {
  const report = { ...fraudReport(), monitor: name };
  return { kind: "report", monitor: await monitor(name), report, window: ["dt=2026-11-02"], sampledFrom: {} };
}

describe("the drift comment section", () => {
  it("adds the window, the sample and the refresh command to a monitor's report", async () => {
    const run = await reportRun("fraud-detection-drift");
    if (run.kind !== "report") throw new Error("unreachable");
    const section = driftCommentSection([{ ...run, sampledFrom: { current: 2_500_000 } }]);
    expect(section.id).toBe("drift");
    expect(section.body.startsWith(monitorReportMarkdown(run.report).body)).toBe(true);
    expect(section.body).toContain("Current window: `dt=2026-11-02` (1 partition).");
    expect(section.body).toContain(
      "Sampled 300 of 2500000 current rows (seeded: the same rows on every run).",
    );
    expect(section.body).toContain(
      "Refresh with `/slipway drift fraud-detection-drift`; the full report: `slipway drift --monitor fraud-detection-drift --format html --out drift.html`.",
    );
  });

  it("keeps many monitors within the budget by folding the largest blocks first", async () => {
    const runs = await Promise.all(Array.from({ length: 14 }, (_, i) => reportRun(`monitor-${i}`)));
    const section = driftCommentSection(runs);
    expect(section.body.length).toBeLessThanOrEqual(DRIFT_BODY_BUDGET);
    for (let i = 0; i < 14; i++) expect(section.body).toContain(`### Drift · \`monitor-${i}\``);
    // Some blocks are whole (with their column table), the rest compact.
    expect(section.body).toContain("| | column | type |");
    expect(section.body).toContain("The JSON and HTML monitor reports have every column and chart.");
    expect(section.compact.length).toBeLessThan(section.body.length);
    const comment = composeStickyComment("a".repeat(40), [section], ["/slipway drift"]);
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  });

  it("names the monitors left out of a review", async () => {
    const section = driftCommentSection([await reportRun("a")], ["b", "c"]);
    expect(section.body).toContain(
      "2 more affected monitors were not computed in this review (`b`, `c`); ask for each with `/slipway drift <monitor>`.",
    );
    expect(section.compact).toContain("2 more affected monitors");
  });

  it("escapes what the manifest or the store wrote", async () => {
    const m = await monitor("fraud-detection-drift");
    const section = driftCommentSection([
      {
        kind: "not-read",
        monitor: m,
        findings: [
          {
            code: "SLW127",
            location: "s3://x/<img src=y>|",
            message:
              "s3://x/<img src=y>| is outside the prefixes the integration allows (none); it was not read",
            side: "current",
            field: "prefix",
            file: m.file,
            line: 15,
            column: 13,
          },
        ],
      },
      {
        kind: "unavailable",
        monitor: m,
        reason: "the data was not found (s3://x/<b>a|b</b>: no such object)",
      },
    ]);
    expect(section.body).not.toContain("<img");
    expect(section.body).not.toContain("<b>");
    expect(section.body).toContain("s3://x/&lt;img src=y&gt;\\|");
    expect(section.body).toContain(
      "⚠️ **Drift unavailable**: the data was not found (s3://x/&lt;b&gt;a\\|b&lt;/b&gt;: no such object).",
    );
  });
});
