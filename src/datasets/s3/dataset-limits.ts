import { MAX_DATASET_BYTES } from "../limits.ts";

// Bounds on what reading one dataset from a store may cost. Past any of them the read stops with a
// DatasetError naming the location, before memory or the network bill grows further.

export interface DatasetLimits {
  /** Objects one dataset may have (after partition and window selection). */
  readonly maxObjects: number;
  /** Keys a listing may walk through, selected or not (a prefix full of other partitions). */
  readonly maxListedKeys: number;
  /** Bytes of one object (Parquet objects are held whole in memory to be decoded). */
  readonly maxObjectBytes: number;
  /** Bytes read from the store for the whole dataset. */
  readonly maxTotalBytes: number;
  /** Rows the dataset may have when it is not sampled. */
  readonly maxRows: number;
  /** Bytes of a Delta table's log read to rebuild one snapshot (commits, checkpoints, sidecars). */
  readonly maxLogBytes: number;
}

export const DEFAULT_DATASET_LIMITS: DatasetLimits = {
  maxObjects: 10_000,
  maxListedKeys: 200_000,
  maxObjectBytes: MAX_DATASET_BYTES,
  maxTotalBytes: MAX_DATASET_BYTES,
  maxRows: 50_000_000,
  maxLogBytes: 1024 ** 3,
};

export function datasetLimits(overrides: Partial<DatasetLimits> = {}): DatasetLimits {
  return { ...DEFAULT_DATASET_LIMITS, ...overrides };
}
