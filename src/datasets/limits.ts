// Size bounds for local dataset files: beyond them a reader refuses with a clear message instead of
// exhausting memory.

/** Largest file a reader accepts (the whole file is read into memory). */
export const MAX_DATASET_BYTES = 2 * 1024 ** 3 - 1;
/** Most columns a dataset may have. */
export const MAX_COLUMNS = 10_000;
/** Longest single cell, in bytes. */
export const MAX_CELL_BYTES = 1024 * 1024;
/** Most distinct strings one column may hold. */
export const MAX_DISTINCT_STRINGS = 5_000_000;
/** Most rows a dataset may have (a Parquet footer claiming more is treated as corrupt). */
export const MAX_ROWS = 200_000_000;
