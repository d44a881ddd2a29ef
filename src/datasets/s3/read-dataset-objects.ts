import type { Table } from "../../drift/columns.ts";
import { DatasetError } from "../dataset-error.ts";
import type { DatasetFormat } from "../read-dataset.ts";
import { selectColumns } from "./combine-tables.ts";
import { type DatasetLimits, datasetLimits } from "./dataset-limits.ts";
import type { DatasetSource } from "./dataset-source.ts";
import { type ProgressReporter, silentProgress } from "./progress.ts";
import type { ReadContext, SampleOptions } from "./read-context.ts";
import { readParquetObjects } from "./read-parquet-objects.ts";
import { readTextObjects } from "./read-text-objects.ts";
import type { DatasetObject } from "./resolve-dataset.ts";

// The objects of a resolved dataset read into one table of the columnar model, within the limits.

export interface ReadObjectsOptions {
  readonly format: DatasetFormat;
  /** The dataset's path or prefix, for messages about the whole. */
  readonly label: string;
  /** Columns to keep (all when absent); Parquet decodes only these. */
  readonly columns?: readonly string[];
  readonly limits?: Partial<DatasetLimits>;
  readonly sample?: SampleOptions;
  readonly progress?: ProgressReporter;
}

export interface DatasetRead {
  readonly table: Table;
  readonly objects: number;
  readonly bytes: number;
  /** Rows in the data before sampling. */
  readonly rows: number;
  /** Whether the table is a sample (the data had more rows than the sample size). */
  readonly sampled: boolean;
  /** Requested columns the data does not have. */
  readonly missingColumns: readonly string[];
}

export async function readDatasetObjects(
  source: DatasetSource,
  objects: readonly DatasetObject[],
  options: ReadObjectsOptions,
): Promise<DatasetRead> {
  const limits = datasetLimits(options.limits);
  const { label, sample } = options;
  if (objects.length === 0)
    throw new DatasetError(label, "no objects to read (nothing matched the location)");
  if (sample && (!Number.isSafeInteger(sample.rows) || sample.rows < 1 || sample.rows > limits.maxRows))
    throw new DatasetError(label, `a sample takes 1 to ${limits.maxRows} rows, not ${sample.rows}`);
  const sizes = objects.map((o) => o.size);
  const known = sizes.every((s) => s !== undefined);
  const total = known ? sizes.reduce((a: number, s) => a + (s as number), 0) : undefined;
  if (total !== undefined && total > limits.maxTotalBytes)
    throw new DatasetError(
      label,
      `the ${objects.length} objects hold ${total} bytes; the limit is ${limits.maxTotalBytes} bytes (narrow the window or raise the limit)`,
    );
  const progress = options.progress ?? silentProgress;
  const ctx: ReadContext = { source, label, limits, sample, progress, bytesRead: 0 };
  progress.start(label, total);
  try {
    const { table, rows } =
      options.format === "parquet"
        ? await readParquetObjects(ctx, objects, options.columns)
        : await readTextObjects(ctx, objects, options.format);
    const selected = selectColumns(table, options.columns);
    return {
      table: selected,
      objects: objects.length,
      bytes: ctx.bytesRead,
      rows,
      sampled: sample !== undefined && rows > sample.rows,
      missingColumns: (options.columns ?? []).filter((c) => !table.columns.has(c)),
    };
  } finally {
    progress.finish();
  }
}
