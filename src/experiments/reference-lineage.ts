import type { DatasetVersion } from "../drift/monitor-report/dataset-version.ts";
import type { DataVersion } from "./data-version.ts";

// Whether a Monitor's reference is the data the production model was trained on: its Delta table at
// the same version, or its DVC content at the same md5. Only a training input naming the same table
// (or, for DVC, the same path or the same content) is compared; none is no statement at all. Pure.

export interface ProductionRun {
  readonly model: string;
  /** The registry version production serves. */
  readonly version: string;
  readonly runId: string;
}

export interface ReferenceLineage {
  readonly production: ProductionRun;
  /** same: the trained version; different: another version of the same data; unknown: not recorded. */
  readonly status: "same" | "different" | "unknown";
  readonly trained: DataVersion;
  readonly reference: DatasetVersion;
}

function tableKey(table: string): string {
  return table
    .trim()
    .replace(/^s3[an]:\/\//i, "s3://")
    .replace(/\/+$/, "");
}

function pathKey(path: string): string {
  return path.trim().replace(/^\.\//, "").replace(/\/+$/, "");
}

/** The comparison for the reference, or null when no training input names the same data. */
export function referenceLineage(
  reference: DatasetVersion,
  trained: readonly DataVersion[],
  production: ProductionRun,
): ReferenceLineage | null {
  if (reference.kind === "delta") {
    const same = trained.find(
      (t): t is Extract<DataVersion, { kind: "delta" }> =>
        t.kind === "delta" && tableKey(t.table) === tableKey(reference.table),
    );
    if (!same) return null;
    const status =
      same.version === null ? "unknown" : same.version === reference.version ? "same" : "different";
    return { production, status, trained: same, reference };
  }
  const dvc = trained.filter((t): t is Extract<DataVersion, { kind: "dvc" }> => t.kind === "dvc");
  const byContent = dvc.find((t) => t.md5 === reference.md5);
  if (byContent) return { production, status: "same", trained: byContent, reference };
  // Other content is "another version" only when the run recorded the same path.
  const byPath = dvc.find((t) => t.path !== null && pathKey(t.path) === pathKey(reference.path));
  return byPath ? { production, status: "different", trained: byPath, reference } : null;
}
