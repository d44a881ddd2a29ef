import { hasDotSegments, withinPrefix } from "../../manifests/within-prefix.ts";
import { parsePartitionPattern } from "./partition-pattern.ts";
import { type TimeWindow, windowPartitions } from "./partition-window.ts";

// What to list for a dataset location, decided before any request: a single object, or the listing
// prefixes of a prefix (one per selected day when a window narrows it) and a test for each listed
// key. A location outside the binding's allowed prefixes is a finding, so nothing is requested for it
// (DESIGN.md §4). Pure: `now` is passed in.

/** Where a dataset is: one object (`path`) or the objects under a `prefix`, optionally partitioned. */
export interface DatasetLocation {
  readonly path?: string;
  readonly prefix?: string;
  readonly partition?: string;
  readonly window?: TimeWindow;
}

/** The binding's allowed prefixes, or "unrestricted" for local files a user names on the command line. */
export type Allowlist = readonly string[] | "unrestricted";

/** The location cannot be read as written: data for the report, not an exception. */
export interface DatasetFinding {
  /** SLW127: outside the allowed prefixes; SLW135: the location or its partitioning is unusable. */
  readonly code: "SLW127" | "SLW135";
  readonly location: string;
  readonly message: string;
}

export type ListingPlan =
  | { readonly kind: "object"; readonly uri: string }
  | {
      readonly kind: "prefix";
      readonly prefix: string;
      /** Prefixes to list, in order, without repeats. */
      readonly listings: readonly string[];
      /** The partitions selected (expanded pattern), for reports; empty without a window. */
      readonly partitions: readonly string[];
      /** Whether a listed object belongs to the dataset. */
      accept(uri: string): boolean;
    }
  | { readonly kind: "finding"; readonly finding: DatasetFinding };

function finding(code: DatasetFinding["code"], location: string, message: string): ListingPlan {
  return { kind: "finding", finding: { code, location, message } };
}

function allowed(location: string, allowlist: Allowlist): boolean {
  return allowlist === "unrestricted" || allowlist.some((p) => withinPrefix(location, p));
}

/** Hidden files and job markers (`_SUCCESS`, `.part-0.crc`, `_temporary/…`) and "directory" keys. */
function isDataKey(relative: string): boolean {
  return relative !== "" && !relative.endsWith("/") && !relative.split("/").some((s) => /^[._]/.test(s));
}

export function planListing(location: DatasetLocation, now: Date, allowlist: Allowlist): ListingPlan {
  const written = location.path ?? location.prefix;
  if (written === undefined || (location.path !== undefined && location.prefix !== undefined))
    return finding("SLW135", written ?? "(none)", "a dataset needs exactly one of `path` and `prefix`");
  if (hasDotSegments(written))
    return finding("SLW127", written, "the location has '.' or '..' segments; give it without them");
  if (location.path !== undefined) {
    if (location.partition !== undefined || location.window !== undefined)
      return finding("SLW135", written, "`partition` and `window` apply to a `prefix`, not a single `path`");
    if (written.endsWith("/")) return finding("SLW135", written, "`path` names one object; it ends with '/'");
    if (!allowed(written, allowlist)) return outside(written, allowlist);
    return { kind: "object", uri: written };
  }
  // A prefix names a directory: without the slash `…/team-a` would also list `…/team-ab/`.
  const prefix = written.endsWith("/") ? written : `${written}/`;
  if (!allowed(prefix, allowlist)) return outside(written, allowlist);
  const inDataset = (uri: string) =>
    uri.startsWith(prefix) && allowed(uri, allowlist) && isDataKey(uri.slice(prefix.length));
  if (location.partition === undefined) {
    if (location.window !== undefined)
      return finding("SLW135", written, "a time `window` needs a `partition` pattern with {date}");
    return { kind: "prefix", prefix, listings: [prefix], partitions: [], accept: inDataset };
  }
  const pattern = parsePartitionPattern(location.partition);
  if ("error" in pattern) return finding("SLW135", written, pattern.error);
  if (location.window === undefined) {
    const literal = location.partition.slice(0, location.partition.indexOf("{"));
    return {
      kind: "prefix",
      prefix,
      listings: [prefix + literal],
      partitions: [],
      accept: (uri) => inDataset(uri) && pattern.match(uri.slice(prefix.length)) !== undefined,
    };
  }
  const selected = windowPartitions(pattern, location.window, now);
  if ("error" in selected) return finding("SLW135", written, selected.error);
  const starts = new Set(selected.starts);
  return {
    kind: "prefix",
    prefix,
    listings: [...new Set(selected.starts.map((t) => prefix + pattern.listingPrefix(t)))],
    partitions: selected.starts.map((t) => pattern.expand(t)),
    accept(uri) {
      const start = inDataset(uri) ? pattern.match(uri.slice(prefix.length)) : undefined;
      return start !== undefined && starts.has(start);
    },
  };
}

function outside(location: string, allowlist: Allowlist): ListingPlan {
  const list = allowlist === "unrestricted" ? "" : allowlist.join(", ");
  return finding(
    "SLW127",
    location,
    `${location} is outside the prefixes the integration allows (${list || "none"}); it was not read`,
  );
}
