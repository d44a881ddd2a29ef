import type { ClassificationReport } from "../classification/classification-quality.ts";
import type { DriftReport } from "../dataset-drift.ts";
import type { ColumnQuality } from "../quality/column-quality.ts";
import type { SchemaComparison } from "../quality/schema-changes.ts";
import type { DatasetVersion } from "./dataset-version.ts";
import type { ColumnDistribution } from "./distributions.ts";
import type { Finding } from "./finding.ts";

// The value a monitor run produces and every renderer reads: stages in the order a reviewer should
// read them — schema, quality, drift, classification — and the findings of all of them.

export interface DatasetSource {
  /** Where the sample came from, as configured (credentials in a URL are masked). */
  path: string;
  rows: number;
  /** Which version of versioned data was read (a Delta table version, a DVC content hash). */
  version?: DatasetVersion;
}

export interface MonitorStatus {
  /** fail: an error finding; warn: a warning; pass: neither. */
  verdict: "fail" | "warn" | "pass";
  /** Dataset drift (the PrometheusRule's `drift` condition). */
  drift: boolean;
  /** An error in the schema or quality stage (the `quality` condition). */
  qualityFailed: boolean;
  /** An error in the classification stage (the `classification` condition). */
  classificationFailed: boolean;
}

export interface RunInfo {
  /** The run time (UTC ISO 8601), null when the caller gave none (two files compared by hand). */
  at: string | null;
  /** The current data's partitions, oldest first; empty when the current data is not windowed. */
  window: string[];
}

export interface MonitorReport {
  monitor: string | null;
  run: RunInfo;
  reference: DatasetSource;
  current: DatasetSource;
  status: MonitorStatus;
  /** Stage order: schema, quality, drift, classification. */
  findings: Finding[];
  schema: SchemaComparison;
  /** Columns present in both samples, in the reference's column order. */
  quality: ColumnQuality[];
  drift: DriftReport;
  /** Null when the Monitor declares no classification. */
  classification: ClassificationReport | null;
  /** Every column both samples have (not retyped): the most drifted tested first, then the others; at most MAX_DISTRIBUTIONS. */
  distributions: ColumnDistribution[];
}

export const MAX_DISTRIBUTIONS = 300;
