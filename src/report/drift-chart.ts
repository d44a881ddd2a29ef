import type { ColumnDistribution } from "../drift/monitor-report/distributions.ts";

/**
 * A mermaid `xychart-beta` bar chart of a column's reference and current distributions, in percent of
 * each sample's values. xychart-beta draws no legend, so the title names the bar order.
 */
export function distributionChart(d: ColumnDistribution): string {
  const unit = d.binned ? "bin" : "category";
  return [
    "```mermaid",
    "xychart-beta",
    `  title ${quote(`${d.name}: reference (first bar) vs current, % of values per ${unit}`)}`,
    `  x-axis [${d.labels.map((l) => quote(l, 40)).join(", ")}]`,
    `  y-axis ${quote("% of values")}`,
    `  bar [${d.reference.map(pct).join(", ")}]`,
    `  bar [${d.current.map(pct).join(", ")}]`,
    "```",
  ].join("\n");
}

/**
 * Mermaid strings cannot escape a double quote, a backtick could end the code fence early, and angle
 * brackets are kept out of labels mermaid may render as HTML (as in the experiments chart).
 */
function quote(text: string, max = 100): string {
  const clean = text.replace(/["`<>\r\n]/g, "'");
  return `"${clean.length > max ? `${clean.slice(0, max)}…` : clean}"`;
}

function pct(share: number): string {
  return String(Number((share * 100).toPrecision(3)));
}
