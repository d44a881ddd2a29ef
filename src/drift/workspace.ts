/**
 * Reusable scratch arrays for computing one column after another. Columns of a million values each
 * would otherwise allocate (and leave to the collector) tens of megabytes per column; with a workspace
 * a thread keeps one set sized for its largest column. Nothing computed from a workspace outlives the
 * column it was used for.
 */
export class Workspace {
  private readonly buffers: (Float64Array | undefined)[] = [];

  /** A Float64Array view of `length` values in slot `slot`, growing the slot when needed. */
  take(slot: WorkspaceSlot, length: number): Float64Array {
    let buffer = this.buffers[slot];
    if (!buffer || buffer.length < length) {
      buffer = new Float64Array(length);
      this.buffers[slot] = buffer;
    }
    return buffer.subarray(0, length);
  }
}

export const REFERENCE_SLOT = 0;
export const CURRENT_SLOT = 1;
export const SORT_SLOT = 2;
export type WorkspaceSlot = typeof REFERENCE_SLOT | typeof CURRENT_SLOT | typeof SORT_SLOT;
