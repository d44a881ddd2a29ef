import type { AddFile, DeltaAction, DeltaMetadata, DeltaProtocol } from "./delta-actions.ts";

// Log replay (PROTOCOL.md, "Action Reconciliation"): the latest protocol and metadata win; a logical
// file is the pair (path, deletion vector id), the newest `add` of a path replaces earlier ones, and a
// `remove` drops the file only when it names the same pair (a commit that swaps a file's deletion
// vector removes the old pair and adds the new one, in either order). A checkpoint's `remove` rows
// are tombstones kept for VACUUM and take no part in a read. Pure.

function fileKey(path: string): string {
  // The same file may be written percent-encoded in one action and not in another.
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export class SnapshotReplay {
  protocol: DeltaProtocol | undefined;
  metadata: DeltaMetadata | undefined;
  readonly #files = new Map<string, AddFile>();

  /** Applies one action; `fromCheckpoint` for the rows of a checkpoint (or its sidecars). */
  apply(action: DeltaAction, fromCheckpoint: boolean): void {
    switch (action.type) {
      case "protocol":
        this.protocol = action.protocol;
        return;
      case "metaData":
        this.metadata = action.metaData;
        return;
      case "add":
        this.#files.set(fileKey(action.add.path), action.add);
        return;
      case "remove": {
        if (fromCheckpoint) return;
        const key = fileKey(action.remove.path);
        const held = this.#files.get(key);
        if (
          held &&
          (held.deletionVector?.uniqueId ?? null) === (action.remove.deletionVector?.uniqueId ?? null)
        )
          this.#files.delete(key);
        return;
      }
      default:
        return;
    }
  }

  /** The table's files, ordered by path so a seeded sample reads the same rows each time. */
  files(): AddFile[] {
    return [...this.#files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, add]) => add);
  }

  get fileCount(): number {
    return this.#files.size;
  }
}
