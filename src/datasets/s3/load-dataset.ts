import { DatasetError } from "../dataset-error.ts";
import type { DatasetFormat } from "../read-dataset.ts";
import type { DatasetSource } from "./dataset-source.ts";
import type { DatasetFinding, DatasetLocation } from "./plan-listing.ts";
import { type DatasetRead, type ReadObjectsOptions, readDatasetObjects } from "./read-dataset-objects.ts";
import { type ResolveOptions, resolveDataset } from "./resolve-dataset.ts";

// One call for a workflow: a Monitor's `reference` or `current` → a finding, or the data.

export interface LoadOptions extends ResolveOptions, Omit<ReadObjectsOptions, "format" | "label" | "limits"> {
  readonly format: DatasetFormat;
}

export type LoadedDataset =
  | { readonly kind: "finding"; readonly finding: DatasetFinding }
  | {
      readonly kind: "data";
      readonly label: string;
      readonly partitions: readonly string[];
      readonly read: DatasetRead;
    };

export async function loadDataset(
  source: DatasetSource,
  location: DatasetLocation,
  options: LoadOptions,
): Promise<LoadedDataset> {
  const resolved = await resolveDataset(source, location, options);
  if (resolved.kind === "finding") return resolved;
  const { partitions } = resolved;
  if (resolved.objects.length === 0 && partitions.length > 0) {
    // Say which window was searched: a window that matched nothing is usually one that is off by a day
    // (the run time, the offset) or a partition pattern that does not match the keys.
    const span = partitions.length === 1 ? partitions[0] : `${partitions[0]} … ${partitions.at(-1)}`;
    const count = `${partitions.length} partition${partitions.length === 1 ? "" : "s"}`;
    throw new DatasetError(
      resolved.label,
      `no objects in the window ${span} (${count} before ${options.now.toISOString().replace(".000Z", "Z")})`,
    );
  }
  const read = await readDatasetObjects(source, resolved.objects, { ...options, label: resolved.label });
  return { kind: "data", label: resolved.label, partitions: resolved.partitions, read };
}
