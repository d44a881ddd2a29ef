import { describe, expect, it } from "vitest";
import { buildMonitorReport } from "../../src/drift/monitor-report/build-monitor-report.ts";
import { monitorReportHtml } from "../../src/report/drift-html.ts";
import { numberColumn, range, stringColumn, table } from "../drift-quality/tables.ts";
import { expectGolden } from "../helpers/golden.ts";
import { fraudReport } from "./drift-scenario.ts";

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe("the HTML monitor report", () => {
  const html = monitorReportHtml(fraudReport());

  it("is one deterministic document (golden)", () => {
    expectGolden("drift-report/fraud.html", html);
    expect(html.startsWith("<!doctype html>")).toBe(true);
  });

  it("is self-contained: no script, no URL, no external resource; links only within the page", () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|on[a-z]+)=/i);
    const links = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1] as string);
    // Each column with a chart links to it, and every link's target is in the page.
    expect(links).toHaveLength(fraudReport().distributions.length);
    for (const link of links) {
      expect(link).toMatch(/^#chart-\d+$/);
      expect(html).toContain(` id="${link.slice(1)}"`);
    }
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it("has the sections in reading order and balanced tables and charts", () => {
    const order = ["schema", "findings", "columns", "distributions", "quality", "classification"].map((id) =>
      html.indexOf(`<section id="${id}">`),
    );
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(count(html, /<table[ >]/g)).toBe(count(html, /<\/table>/g));
    expect(count(html, /<svg /g)).toBe(count(html, /<\/svg>/g));
    // A chart and a sparkline per column, and the ROC and precision–recall curves.
    expect(count(html, /<svg /g)).toBe(2 * fraudReport().distributions.length + 2);
    expect(count(html, /<svg class="spark"/g)).toBe(fraudReport().distributions.length);
  });

  it("charts at most 300 columns of a wide table, tested ones first, and says how many are left", () => {
    const wide = (shift: number) =>
      table(
        Object.fromEntries(range(400, (c) => [`f${c}`, numberColumn(range(40, (i) => i * 0.5 + shift))])),
      );
    const report = buildMonitorReport({
      reference: wide(0),
      current: wide(3),
      sources: { reference: { path: "r", rows: 40 }, current: { path: "c", rows: 40 } },
      settings: { columns: ["f0", "f100", "f200", "f300", "f399"].map((name) => ({ name })) },
    });
    const page = monitorReportHtml(report);
    expect(count(page, /<figure class="chart"/g)).toBe(300);
    // The Monitor tests five columns: they are charted first, whatever their place in the table.
    expect(
      report.distributions
        .slice(0, 5)
        .map((d) => d.name)
        .sort(),
    ).toEqual(["f0", "f100", "f200", "f300", "f399"]);
    expect(page).toContain("100 more columns have no chart (at most 300 are drawn: the tested ones first).");
  });

  it("escapes every text from the data", () => {
    const hostile = `<img src=x onerror="alert(1)">'&`;
    const reference = table({
      [hostile]: numberColumn(range(60, (i) => i)),
      c: stringColumn(range(60, (i) => (i % 2 ? "<b>" : "a&b"))),
    });
    const current = table({
      [hostile]: numberColumn(range(60, (i) => i + 50)),
      c: stringColumn(range(60, (i) => (i % 2 ? "</table>" : "a&b"))),
    });
    const page = monitorReportHtml(
      buildMonitorReport({
        reference,
        current,
        sources: { reference: { path: "<ref>", rows: 60 }, current: { path: "cur&", rows: 60 } },
        settings: { name: "m<1>" },
      }),
    );
    expect(page).not.toContain("<img");
    expect(page).not.toContain("<b>");
    const tags = page.match(/<[^>]+>/g) ?? [];
    expect(tags.filter((t) => /onerror|src=|<img|<b>/i.test(t))).toEqual([]);
    expect(page).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;");
    expect(page).toContain("&lt;/table&gt;");
    expect(page).toContain("m&lt;1&gt;");
    expect(count(page, /<table>/g)).toBe(count(page, /<\/table>/g));
  });
});
