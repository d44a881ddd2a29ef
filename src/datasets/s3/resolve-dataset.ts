import { DatasetError } from "../dataset-error.ts";
import { type DatasetLimits, datasetLimits } from "./dataset-limits.ts";
import type { DatasetSource } from "./dataset-source.ts";
import { type Allowlist, type DatasetFinding, type DatasetLocation, planListing } from "./plan-listing.ts";

// A dataset location → the objects to read: one object as written, or the paged listings of its prefix
// filtered by partition and window. Findings come back as data and cost no request.

/** One object to read; `size` is unknown for a single `path` until it is opened. */
export interface DatasetObject {
  readonly uri: string;
  readonly size: number | undefined;
}

export interface ResolveOptions {
  readonly now: Date;
  readonly allowlist: Allowlist;
  readonly limits?: Partial<DatasetLimits>;
}

export type ResolvedDataset =
  | {
      readonly kind: "objects";
      /** How the dataset is named in messages: the path or the prefix. */
      readonly label: string;
      /** In key order. */
      readonly objects: readonly DatasetObject[];
      /** The partitions a window selected (expanded pattern); empty otherwise. */
      readonly partitions: readonly string[];
    }
  | { readonly kind: "finding"; readonly finding: DatasetFinding };

export async function resolveDataset(
  source: DatasetSource,
  location: DatasetLocation,
  options: ResolveOptions,
): Promise<ResolvedDataset> {
  const plan = planListing(location, options.now, options.allowlist);
  if (plan.kind === "finding") return plan;
  if (plan.kind === "object")
    return {
      kind: "objects",
      label: plan.uri,
      objects: [{ uri: plan.uri, size: undefined }],
      partitions: [],
    };
  const limits = datasetLimits(options.limits);
  const objects: DatasetObject[] = [];
  let walked = 0;
  for (const listing of plan.listings) {
    let page: string | undefined;
    do {
      const result = await source.list(listing, page);
      walked += result.objects.length;
      if (walked > limits.maxListedKeys)
        throw new DatasetError(
          plan.prefix,
          `the listing passed ${limits.maxListedKeys} keys; narrow the prefix, partition or window`,
        );
      for (const o of result.objects) if (plan.accept(o.uri)) objects.push(o);
      if (objects.length > limits.maxObjects)
        throw new DatasetError(
          plan.prefix,
          `more than ${limits.maxObjects} objects to read; narrow the window or raise the object limit`,
        );
      page = result.next;
    } while (page !== undefined);
  }
  // Listings come back in key order each; across listings (days in order) the whole stays ordered,
  // but sort anyway: the order decides which rows a seeded sample keeps.
  objects.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  return { kind: "objects", label: plan.prefix, objects, partitions: plan.partitions };
}
