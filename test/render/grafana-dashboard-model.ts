import { Ajv } from "ajv";
import { METRIC_LIST } from "../../src/metrics/metric-names.ts";
import { DATASOURCE_VARIABLE } from "../../src/render/grafana-panels.ts";

// A structural validator for Grafana's dashboard JSON model (what a provisioned dashboard file must be
// for Grafana 10–12 to load it and draw every panel): the top-level fields, the templating variables,
// a `datasource` variable of type prometheus, panels on the 24-column grid without overlaps, each with a
// Prometheus datasource through that variable and targets with a refId and an expression. The
// expressions are checked for balanced brackets and quotes, for variables that exist and for series
// that Slipway exposes.

const PANEL_TYPES = [
  "stat",
  "timeseries",
  "table",
  "text",
  "row",
  "gauge",
  "bargauge",
  "barchart",
  "piechart",
];
const VARIABLE_TYPES = ["query", "datasource", "custom", "constant", "interval", "textbox", "adhoc"];

const datasourceRef = {
  type: "object",
  required: ["type", "uid"],
  properties: { type: { const: "prometheus" }, uid: { type: "string", minLength: 1 } },
};

const schema = {
  type: "object",
  required: ["uid", "title", "schemaVersion", "panels", "templating", "time", "version"],
  properties: {
    uid: { type: "string", pattern: "^[A-Za-z0-9_-]{1,40}$" },
    title: { type: "string", minLength: 1, maxLength: 255 },
    description: { type: "string" },
    tags: { type: "array", items: { type: "string" } },
    editable: { type: "boolean" },
    graphTooltip: { enum: [0, 1, 2] },
    schemaVersion: { type: "integer", minimum: 36 },
    version: { type: "integer", minimum: 0 },
    refresh: { type: "string", pattern: "^(\\d+[smhd])?$" },
    timezone: { enum: ["", "browser", "utc"] },
    time: {
      type: "object",
      required: ["from", "to"],
      properties: { from: { type: "string", minLength: 1 }, to: { type: "string", minLength: 1 } },
    },
    annotations: { type: "object", required: ["list"], properties: { list: { type: "array" } } },
    templating: {
      type: "object",
      required: ["list"],
      properties: {
        list: {
          type: "array",
          items: {
            type: "object",
            required: ["name", "type"],
            properties: {
              name: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
              type: { enum: VARIABLE_TYPES },
              hide: { enum: [0, 1, 2] },
              refresh: { enum: [0, 1, 2] },
            },
          },
        },
      },
    },
    panels: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["id", "type", "title", "gridPos"],
        properties: {
          id: { type: "integer", minimum: 1 },
          type: { enum: PANEL_TYPES },
          title: { type: "string", minLength: 1 },
          gridPos: {
            type: "object",
            required: ["x", "y", "w", "h"],
            properties: {
              x: { type: "integer", minimum: 0, maximum: 23 },
              y: { type: "integer", minimum: 0 },
              w: { type: "integer", minimum: 1, maximum: 24 },
              h: { type: "integer", minimum: 1 },
            },
          },
          datasource: datasourceRef,
          targets: {
            type: "array",
            items: {
              type: "object",
              required: ["refId", "expr"],
              properties: {
                refId: { type: "string", pattern: "^[A-Z]$" },
                expr: { type: "string", minLength: 1 },
                datasource: datasourceRef,
                legendFormat: { type: "string" },
                instant: { type: "boolean" },
                range: { type: "boolean" },
                format: { enum: ["time_series", "table", "heatmap"] },
              },
            },
          },
          fieldConfig: {
            type: "object",
            required: ["defaults", "overrides"],
            properties: { defaults: { type: "object" }, overrides: { type: "array" } },
          },
          transformations: {
            type: "array",
            items: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
          },
        },
      },
    },
  },
};

const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Bracket and quote balance of a PromQL expression (inside strings, brackets do not count). */
function balanced(expr: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ")": "(", "}": "{", "]": "[" };
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i] as string;
    if (c === '"') {
      i++;
      while (i < expr.length && expr[i] !== '"') i += expr[i] === "\\" ? 2 : 1;
      if (i >= expr.length) return false;
    } else if ("({[".includes(c)) stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) return false;
  }
  return stack.length === 0;
}

const SERIES = new Set(METRIC_LIST.map((m) => m.name));
const FUNCTIONS = new Set(["max", "min", "sum", "avg", "by", "without", "label_values"]);

/** Every problem of a dashboard model, empty when Grafana can load it. */
export function dashboardProblems(model: unknown): string[] {
  const problems: string[] = [];
  if (!validate(model))
    for (const e of validate.errors ?? [])
      problems.push(`${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  if (problems.length > 0) return problems;
  const d = model as {
    templating: { list: { name: string; type: string; query?: unknown; definition?: string }[] };
    panels: {
      id: number;
      title: string;
      type: string;
      gridPos: { x: number; y: number; w: number; h: number };
      datasource?: { uid: string };
      targets?: { refId: string; expr: string; datasource?: { uid: string } }[];
    }[];
  };
  const variables = new Set(d.templating.list.map((v) => v.name));
  const ds = d.templating.list.find((v) => v.type === "datasource");
  if (ds?.name !== "datasource" || ds.query !== "prometheus")
    problems.push("templating: no `datasource` variable of type datasource querying prometheus");
  const used = (text: string) => [...text.matchAll(/\$\{?([A-Za-z_]\w*)\}?/g)].map((m) => m[1] as string);
  for (const v of d.templating.list)
    for (const name of used(v.definition ?? ""))
      if (!variables.has(name)) problems.push(`variable ${v.name} uses undefined $${name}`);
  const ids = new Set<number>();
  const cells = new Map<string, string>();
  for (const p of d.panels) {
    const at = `panel ${p.id} (${p.title})`;
    if (ids.has(p.id)) problems.push(`${at}: duplicate id`);
    ids.add(p.id);
    const g = p.gridPos;
    if (g.x + g.w > 24) problems.push(`${at}: gridPos x + w = ${g.x + g.w} > 24`);
    for (let x = g.x; x < g.x + g.w; x++)
      for (let y = g.y; y < g.y + g.h; y++) {
        const other = cells.get(`${x},${y}`);
        if (other) problems.push(`${at}: overlaps ${other} at (${x}, ${y})`);
        cells.set(`${x},${y}`, at);
      }
    if (p.type === "row" || p.type === "text") continue;
    if (p.datasource?.uid !== DATASOURCE_VARIABLE)
      problems.push(`${at}: datasource is not ${DATASOURCE_VARIABLE}`);
    if (!p.targets || p.targets.length === 0) problems.push(`${at}: no targets`);
    const refs = new Set<string>();
    for (const t of p.targets ?? []) {
      if (refs.has(t.refId)) problems.push(`${at}: duplicate refId ${t.refId}`);
      refs.add(t.refId);
      if (t.datasource && t.datasource.uid !== DATASOURCE_VARIABLE)
        problems.push(`${at} ${t.refId}: datasource`);
      if (!balanced(t.expr)) problems.push(`${at} ${t.refId}: unbalanced expression ${t.expr}`);
      for (const name of used(t.expr))
        if (!variables.has(name)) problems.push(`${at} ${t.refId}: undefined variable $${name}`);
      const outside = t.expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\{[^}]*\}/g, "{}");
      for (const word of outside.match(/[a-z_][a-z0-9_]*(?=\s*[{(])/g) ?? [])
        if (!SERIES.has(word) && !FUNCTIONS.has(word))
          problems.push(`${at} ${t.refId}: unknown series ${word}`);
    }
  }
  return problems;
}
