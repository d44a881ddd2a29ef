// Grafana dashboard JSON model pieces (schemaVersion 39, Grafana 10–12): panels on the 24-column grid,
// each reading Prometheus through the dashboard's `datasource` variable, so the dashboard works with
// whatever the Prometheus data source is called in the Grafana it lands in.

/** Grafana's reference to the `datasource` variable (Grafana syntax, not a JavaScript template). */
export const DATASOURCE_VARIABLE = `$${"{"}datasource}`;
export const DATASOURCE = { type: "prometheus", uid: DATASOURCE_VARIABLE } as const;

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Target {
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  format?: "time_series" | "table";
}

export type Panel = Record<string, unknown> & { id: number; type: string; title: string; gridPos: GridPos };

const refIds = "ABCDEFGH";

function targets(list: readonly Target[]): Record<string, unknown>[] {
  return list.map((t, i) => ({
    refId: refIds[i],
    datasource: DATASOURCE,
    expr: t.expr,
    ...(t.legendFormat ? { legendFormat: t.legendFormat } : {}),
    ...(t.instant ? { instant: true, range: false } : { range: true }),
    ...(t.format ? { format: t.format } : {}),
  }));
}

/** A PromQL string literal: backslashes and double quotes escaped. */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** 0 → `ok` in green, 1 → `bad` in red: the monitor's conditions. */
export function flagStat(
  id: number,
  title: string,
  expr: string,
  ok: string,
  bad: string,
  gridPos: GridPos,
): Panel {
  return {
    id,
    type: "stat",
    title,
    gridPos,
    datasource: DATASOURCE,
    targets: targets([{ expr, instant: true }]),
    fieldConfig: {
      defaults: {
        mappings: [
          {
            type: "value",
            options: {
              "0": { text: ok, color: "green", index: 0 },
              "1": { text: bad, color: "red", index: 1 },
            },
          },
        ],
        thresholds: {
          mode: "absolute",
          steps: [
            { color: "green", value: null },
            { color: "red", value: 1 },
          ],
        },
      },
      overrides: [],
    },
    options: {
      colorMode: "background",
      graphMode: "none",
      reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
    },
  };
}

export function valueStat(
  id: number,
  title: string,
  expr: string,
  unit: string,
  gridPos: GridPos,
  thresholds: { color: string; value: number | null }[] = [{ color: "blue", value: null }],
): Panel {
  return {
    id,
    type: "stat",
    title,
    gridPos,
    datasource: DATASOURCE,
    targets: targets([{ expr, instant: true }]),
    fieldConfig: { defaults: { unit, thresholds: { mode: "absolute", steps: thresholds } }, overrides: [] },
    options: {
      colorMode: "value",
      graphMode: "none",
      reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
    },
  };
}

export function timeSeries(
  id: number,
  title: string,
  list: readonly Target[],
  gridPos: GridPos,
  defaults: Record<string, unknown> = {},
  description?: string,
): Panel {
  return {
    id,
    type: "timeseries",
    title,
    ...(description ? { description } : {}),
    gridPos,
    datasource: DATASOURCE,
    targets: targets(list),
    fieldConfig: {
      defaults: { custom: { lineInterpolation: "stepAfter", showPoints: "always" }, ...defaults },
      overrides: [],
    },
    options: {
      legend: { displayMode: "table", placement: "bottom", calcs: ["lastNotNull"] },
      tooltip: { mode: "multi" },
    },
  };
}

export function table(
  id: number,
  title: string,
  list: readonly Target[],
  gridPos: GridPos,
  transformations: Record<string, unknown>[],
  description?: string,
): Panel {
  return {
    id,
    type: "table",
    title,
    ...(description ? { description } : {}),
    gridPos,
    datasource: DATASOURCE,
    targets: targets(list.map((t) => ({ ...t, instant: true, format: "table" as const }))),
    transformations,
    fieldConfig: { defaults: {}, overrides: [] },
    options: { showHeader: true, cellHeight: "sm" },
  };
}
