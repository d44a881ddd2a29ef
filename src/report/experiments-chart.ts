import type { Comparison } from "../experiments/types.ts";
import { formatNumber } from "./experiments-format.ts";

/**
 * A mermaid `xychart-beta` bar chart of production vs candidate for the gated metrics (each metric
 * once, in gate order). xychart-beta draws no legend, so the title names the bar order. Metrics
 * without a finite candidate value are left out; null when nothing is left to draw.
 */
export function experimentsChart(model: string, c: Comparison): string | null {
  const seen = new Set<string>();
  const points: { metric: string; baseline: number | null; candidate: number }[] = [];
  for (const g of c.gates) {
    if (seen.has(g.metric) || g.candidate === null) continue;
    seen.add(g.metric);
    points.push({ metric: g.metric, baseline: g.baseline, candidate: g.candidate });
  }
  if (points.length === 0) return null;
  const withBaseline = !c.firstDeployment && points.every((p) => p.baseline !== null);
  const title = withBaseline
    ? `${model}: ${c.baselineLabel} (first bar) vs candidate`
    : `${model}: candidate`;
  const lines = [
    "```mermaid",
    "xychart-beta",
    `  title ${quote(title)}`,
    `  x-axis [${points.map((p) => quote(p.metric)).join(", ")}]`,
    `  y-axis ${quote("value")}`,
  ];
  if (withBaseline) lines.push(`  bar [${points.map((p) => chartNumber(p.baseline)).join(", ")}]`);
  lines.push(`  bar [${points.map((p) => chartNumber(p.candidate)).join(", ")}]`, "```");
  return lines.join("\n");
}

/**
 * Mermaid strings cannot escape a double quote, a backtick could end the code fence early, and angle
 * brackets are kept out of labels mermaid may render as HTML.
 */
function quote(text: string): string {
  return `"${text.replace(/["`<>\r\n]/g, "'").slice(0, 100)}"`;
}

/** The same 4 significant digits as the table, as a plain number mermaid parses. */
function chartNumber(value: number | null): string {
  return value === null ? "0" : String(Number(formatNumber(value)));
}
