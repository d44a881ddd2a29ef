import { describe, expect, it } from "vitest";
import type { Table } from "../../src/drift/columns.ts";
import { buildMonitorReport } from "../../src/drift/monitor-report/build-monitor-report.ts";
import { SEVERITY_RANK } from "../../src/drift/monitor-report/finding.ts";
import { DRIFT_BODY_BUDGET, monitorReportMarkdown } from "../../src/report/drift-section.ts";
import { COMMENT_LIMIT, composeStickyComment } from "../../src/report/sticky-comment.ts";
import { numberColumn, range, sources, stringColumn, table } from "../drift-quality/tables.ts";
import { expectGolden } from "../helpers/golden.ts";
import { fraudReport } from "./drift-scenario.ts";

const ICON_RANK: Record<string, number> = {
  "❌": SEVERITY_RANK.error,
  "⚠️": SEVERITY_RANK.warning,
  ℹ️: 1,
  "✅": 0,
  "➖": 0,
};

describe("the drift section of the sticky comment", () => {
  const section = monitorReportMarkdown(fraudReport());

  it("renders the full and compact forms deterministically (golden)", () => {
    expect(section.id).toBe("drift");
    expectGolden("drift-report/fraud.md", section.body);
    expectGolden("drift-report/fraud.compact.md", section.compact);
  });

  it("lists schema changes before any statistic", () => {
    const schema = section.body.indexOf("**Schema:** 3 changes");
    expect(schema).toBeGreaterThan(0);
    expect(schema).toBeLessThan(section.body.indexOf("**Findings**"));
    expect(schema).toBeLessThan(section.body.indexOf("| | column |"));
  });

  it("sorts the column table by severity, worst first", () => {
    const icons = section.body
      .split("\n")
      .filter((l) => /^\| (❌|⚠️|ℹ️|✅|➖) \| `/.test(l))
      .map((l) => ICON_RANK[l.split(" ")[1] as string] as number);
    expect(icons.length).toBe(12);
    expect([...icons].sort((a, b) => b - a)).toEqual(icons);
  });

  it("charts the three most drifted columns, reference bar first", () => {
    const charts = section.body.match(/```mermaid\nxychart-beta\n {2}title "([^"]+)"/g) ?? [];
    expect(charts.map((c) => /title "([^:]+):/.exec(c)?.[1])).toEqual(["plan", "amount", "predicted_fraud"]);
    expect(section.body.match(/^ {2}bar \[/gm)).toHaveLength(6);
  });

  it("escapes column names in cells, lists and charts", () => {
    const hostile = 'a|b<script>`x"\nz';
    const reference = table({ [hostile]: numberColumn(range(100, (i) => i)) });
    const current = table({ [hostile]: numberColumn(range(100, (i) => i + 80)) });
    const body = monitorReportMarkdown(
      buildMonitorReport({ reference, current, sources: sources(100, 100) }),
    ).body;
    expect(body).not.toMatch(/<script>/);
    expect(body).toContain("| `a\\|b&lt;script&gt;'x\" z` |");
    expect(body).toContain(`title "a|b'script''x''z: reference (first bar)`);
  });

  it("stays within its budget on thousands of columns, and the comment within GitHub's limit", () => {
    const wide = (shift: number): Table =>
      table(
        Object.fromEntries(
          range(3000, (c) => [`feature_${c}_${"x".repeat(30)}`, numberColumn(range(50, (i) => i + shift))]),
        ),
      );
    const report = buildMonitorReport({ reference: wide(0), current: wide(30), sources: sources(50, 50) });
    const big = monitorReportMarkdown(report);
    expect(big.body.length).toBeLessThanOrEqual(DRIFT_BODY_BUDGET);
    expect(big.body).toMatch(/…and \d+ more columns: the JSON and HTML reports list every column\./);
    expect(big.compact.length).toBeLessThan(5000);
    const comment = composeStickyComment(
      "0123456789abcdef0123456789abcdef01234567",
      [big],
      ["/slipway drift"],
    );
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(comment).toContain("### Drift");
  });

  it("says plainly when nothing is wrong", () => {
    const same = table({
      a: numberColumn(range(100, (i) => i % 17)),
      b: stringColumn(range(100, (i) => `k${i % 3}`)),
    });
    const ok = monitorReportMarkdown(
      buildMonitorReport({ reference: same, current: same, sources: sources(100, 100) }),
    );
    expect(ok.body).toContain(
      "✅ **No dataset drift** — 0 of 2 tested columns drifted (share 0.000 < 0.5) · 0 errors, 0 warnings",
    );
    expect(ok.body).not.toContain("**Findings**");
    expect(ok.body).not.toContain("```mermaid");
    expect(ok.compact).not.toContain("**Errors**");
  });
});
