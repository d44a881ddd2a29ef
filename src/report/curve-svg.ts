import type { CurvePoint } from "../drift/classification/score-curves.ts";
import { escapeHtml } from "./drift-html-escape.ts";
import { CURRENT_COLOR, fixed, REFERENCE_COLOR } from "./drift-html-svg.ts";

// ROC and precision–recall curves as inline SVG line charts, reference against current on the unit
// square: a polyline per sample and a point per threshold whose hover title gives its exact values.

const SIZE = 300;
const LEFT = 44;
const TOP = 42;
const PLOT = 220;

export interface CurveSeries {
  name: "reference" | "current";
  points: readonly CurvePoint[];
  /** The area or summary shown in the legend, e.g. `AUC 0.895`. */
  note: string;
}

export interface CurveChart {
  title: string;
  x: string;
  y: string;
  /** The chance line: the ROC diagonal. */
  diagonal: boolean;
  series: readonly CurveSeries[];
}

const COLOR = { reference: REFERENCE_COLOR, current: CURRENT_COLOR } as const;

function num(x: number): string {
  return String(Number(x.toPrecision(6)));
}

export function curveSvg(chart: CurveChart): string {
  const px = (x: number) => LEFT + x * PLOT;
  const py = (y: number) => TOP + PLOT - y * PLOT;
  const parts: string[] = [`<title>${escapeHtml(chart.title)}</title>`];
  for (const t of [0, 0.5, 1]) {
    parts.push(
      `<line x1="${px(0)}" x2="${px(1)}" y1="${fixed(py(t))}" y2="${fixed(py(t))}" stroke="#d0d7de" stroke-width="1"/>`,
      `<line x1="${fixed(px(t))}" x2="${fixed(px(t))}" y1="${py(0)}" y2="${py(1)}" stroke="#d0d7de" stroke-width="1"/>`,
      `<text x="${LEFT - 6}" y="${fixed(py(t) + 4)}" text-anchor="end" font-size="11" fill="#57606a">${t}</text>`,
      `<text x="${fixed(px(t))}" y="${py(0) + 14}" text-anchor="middle" font-size="11" fill="#57606a">${t}</text>`,
    );
  }
  parts.push(
    `<text x="${px(0.5)}" y="${py(0) + 30}" text-anchor="middle" font-size="11" fill="#24292f">${escapeHtml(chart.x)}</text>`,
    `<text x="12" y="${py(0.5)}" text-anchor="middle" font-size="11" fill="#24292f" transform="rotate(-90 12 ${py(0.5)})">${escapeHtml(chart.y)}</text>`,
  );
  if (chart.diagonal)
    parts.push(
      `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#8c959f" stroke-width="1" stroke-dasharray="4 3"/>`,
    );
  chart.series.forEach((s, k) => {
    const color = COLOR[s.name];
    const line = s.points.map((p) => `${fixed(px(p.x))},${fixed(py(p.y))}`).join(" ");
    parts.push(`<polyline points="${line}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of s.points) {
      const at = p.threshold === null ? "start" : `score ≥ ${num(p.threshold)}`;
      const hover = `${s.name}, ${at}: ${chart.x} ${num(p.x)}, ${chart.y} ${num(p.y)}`;
      parts.push(
        `<circle cx="${fixed(px(p.x))}" cy="${fixed(py(p.y))}" r="2.5" fill="${color}"><title>${escapeHtml(hover)}</title></circle>`,
      );
    }
    parts.push(
      `<rect x="${LEFT}" y="${6 + k * 15}" width="10" height="10" fill="${color}"/>`,
      `<text x="${LEFT + 14}" y="${15 + k * 15}" font-size="11" fill="#24292f">${escapeHtml(`${s.name} (${s.note})`)}</text>`,
    );
  });
  const height = TOP + PLOT + 40;
  return `<svg role="img" viewBox="0 0 ${SIZE} ${height}" width="${SIZE}" height="${height}">${parts.join("")}</svg>`;
}
