import type { ColumnDistribution } from "../drift/monitor-report/distributions.ts";
import { CURRENT_COLOR, fixed, REFERENCE_COLOR } from "./drift-html-svg.ts";

// A column's distributions as a sparkline for its row in the columns table (as Evidently's drift table
// has): each bin or category a pair of thin bars, reference then current, scaled to the larger share —
// the shape at a glance; the column's chart below has the axes and the exact counts.

const WIDTH = 120;
const HEIGHT = 26;

export function sparklineSvg(d: ColumnDistribution): string {
  const n = d.labels.length;
  const largest = Math.max(...d.reference, ...d.current, 0);
  if (n === 0 || largest === 0) return "";
  const group = WIDTH / n;
  const bar = Math.max(group * 0.4, 0.5);
  const h = (share: number) => (share / largest) * (HEIGHT - 2);
  const bars: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = i * group + group * 0.1;
    const r = h(d.reference[i] ?? 0);
    const c = h(d.current[i] ?? 0);
    if (r > 0)
      bars.push(
        `<rect x="${fixed(x)}" y="${fixed(HEIGHT - r)}" width="${fixed(bar)}" height="${fixed(r)}" fill="${REFERENCE_COLOR}"/>`,
      );
    if (c > 0)
      bars.push(
        `<rect x="${fixed(x + bar)}" y="${fixed(HEIGHT - c)}" width="${fixed(bar)}" height="${fixed(c)}" fill="${CURRENT_COLOR}"/>`,
      );
  }
  return `<svg class="spark" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}"><title>reference (blue) and current (orange) by ${d.binned ? "bin" : "value"}</title>${bars.join("")}</svg>`;
}
