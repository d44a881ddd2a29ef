import type { ColumnDistribution } from "../drift/monitor-report/distributions.ts";
import { escapeHtml } from "./drift-html-escape.ts";

// An inline SVG bar chart of a column's reference and current distributions: no script, no external
// reference, readable without CSS (the colours are attributes). Every bar's hover title holds the
// exact counts and shares of both samples. HTML5 inline SVG needs no namespace attribute, so the page
// holds no URL at all.

export const REFERENCE_COLOR = "#4c78a8";
export const CURRENT_COLOR = "#f58518";

const WIDTH = 460;
const HEIGHT = 250;
const LEFT = 58;
const RIGHT = 10;
const TOP = 28;
const BOTTOM = 70;

export function fixed(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/** A "nice" axis maximum in percent: the next of 1, 2, 5 × 10^k at or above the largest bar. */
export function axisMax(largest: number): number {
  if (largest <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(largest));
  for (const m of [1, 1.5, 2, 3, 4, 5, 6, 8, 10]) if (m * step >= largest) return Math.min(m * step, 100);
  return 100;
}

/** A share as an exact-enough percentage: four significant digits. */
export function percentText(share: number): string {
  return `${share === 0 ? "0" : String(Number((share * 100).toPrecision(4)))}%`;
}

function barTitle(d: ColumnDistribution, i: number): string {
  const side = (name: string, count: number, total: number, share: number) =>
    `${name} ${count} of ${total} (${percentText(share)})`;
  return `${d.labels[i]}: ${side("reference", d.counts.reference[i] ?? 0, d.totals.reference, d.reference[i] ?? 0)}; ${side("current", d.counts.current[i] ?? 0, d.totals.current, d.current[i] ?? 0)}`;
}

export function distributionSvg(d: ColumnDistribution): string {
  const n = d.labels.length;
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const top = axisMax(Math.max(...d.reference, ...d.current, 0) * 100);
  const group = plotW / Math.max(n, 1);
  const bar = Math.max(2, (group * 0.8) / 2);
  const y = (pct: number) => TOP + plotH - (Math.min(pct, top) / top) * plotH;
  const parts: string[] = [];
  const title = `${d.name}: reference vs current, % of values per ${d.binned ? "bin" : "category"}`;
  parts.push(`<title>${escapeHtml(title)}</title>`);
  for (const frac of [0, 0.5, 1]) {
    const v = top * frac;
    parts.push(
      `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${fixed(y(v))}" y2="${fixed(y(v))}" stroke="#d0d7de" stroke-width="1"/>`,
      `<text x="${LEFT - 6}" y="${fixed(y(v) + 4)}" text-anchor="end" font-size="11" fill="#57606a">${fixed(v)}%</text>`,
    );
  }
  d.labels.forEach((label, i) => {
    const x0 = LEFT + i * group + group * 0.1;
    const ref = (d.reference[i] ?? 0) * 100;
    const cur = (d.current[i] ?? 0) * 100;
    const hover = `<title>${escapeHtml(barTitle(d, i))}</title>`;
    parts.push(
      `<g class="bin">${hover}<rect x="${fixed(x0 - group * 0.1)}" y="${TOP}" width="${fixed(group)}" height="${plotH}" fill="#ffffff" fill-opacity="0"/>`,
      `<rect x="${fixed(x0)}" y="${fixed(y(ref))}" width="${fixed(bar)}" height="${fixed(TOP + plotH - y(ref))}" fill="${REFERENCE_COLOR}"/>`,
      `<rect x="${fixed(x0 + bar)}" y="${fixed(y(cur))}" width="${fixed(bar)}" height="${fixed(TOP + plotH - y(cur))}" fill="${CURRENT_COLOR}"/></g>`,
    );
    const lx = x0 + bar;
    const ly = TOP + plotH + 12;
    const text = label.length > 16 ? `${label.slice(0, 15)}…` : label;
    parts.push(
      `<text x="${fixed(lx)}" y="${fixed(ly)}" font-size="10" fill="#24292f" text-anchor="end" transform="rotate(-35 ${fixed(lx)} ${fixed(ly)})">${escapeHtml(text)}</text>`,
    );
  });
  parts.push(
    `<rect x="${LEFT}" y="8" width="10" height="10" fill="${REFERENCE_COLOR}"/>`,
    `<text x="${LEFT + 14}" y="17" font-size="11" fill="#24292f">reference (${d.totals.reference})</text>`,
    `<rect x="${LEFT + 130}" y="8" width="10" height="10" fill="${CURRENT_COLOR}"/>`,
    `<text x="${LEFT + 144}" y="17" font-size="11" fill="#24292f">current (${d.totals.current})</text>`,
  );
  return `<svg role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">${parts.join("")}</svg>`;
}
