import type { MonitorManifest } from "../../manifests/schemas/monitor.ts";
import type { ClassificationSettings } from "../classification/classification-quality.ts";
import type { DeclaredType } from "../quality/column-quality.ts";
import type { QualitySettings } from "../quality/quality-findings.ts";
import type { StatTestName } from "../stat-tests.ts";

// The parts of a Monitor manifest a report needs, every one optional so a report can also be built
// from command-line flags. `auto` is the engine's default test selection.

type DriftMethod = StatTestName | "auto";

export interface MonitorColumnSettings {
  name: string;
  type?: DeclaredType;
  method?: DriftMethod;
  threshold?: number;
}

export interface MonitorSettings {
  /** The Monitor's name, shown in headings. */
  name?: string;
  /** Columns to test for drift, in this order (default: every column both samples share). */
  columns?: readonly MonitorColumnSettings[];
  drift?: { method?: DriftMethod; threshold?: number; datasetShare?: number; exclude?: readonly string[] };
  quality?: QualitySettings;
  classification?: ClassificationSettings;
}

/** The settings of a validated Monitor manifest. */
export function monitorSettings(monitor: MonitorManifest): MonitorSettings {
  const spec = monitor.spec;
  const settings: MonitorSettings = { name: monitor.metadata.name as string, drift: spec.drift };
  if (spec.columns) settings.columns = spec.columns;
  if (spec.quality) settings.quality = spec.quality;
  if (spec.classification) settings.classification = spec.classification;
  return settings;
}

/** Declared column types by name. */
export function declaredTypes(settings: MonitorSettings): Map<string, DeclaredType> {
  const types = new Map<string, DeclaredType>();
  for (const c of settings.columns ?? []) if (c.type) types.set(c.name, c.type);
  return types;
}

/**
 * A column's test and threshold: its own method, else the Monitor's. A dataset-wide threshold belongs to
 * the dataset-wide method, so a column with its own method and no threshold gets that test's default.
 */
export function columnTest(
  column: MonitorColumnSettings | undefined,
  drift: MonitorSettings["drift"],
): { test?: StatTestName; threshold?: number } {
  const method = column?.method ?? drift?.method ?? "auto";
  const threshold = column?.threshold ?? (column?.method === undefined ? drift?.threshold : undefined);
  const out: { test?: StatTestName; threshold?: number } = {};
  if (method !== "auto") out.test = method;
  if (threshold !== undefined) out.threshold = threshold;
  return out;
}
