import type { DatasetVersion } from "../../drift/monitor-report/dataset-version.ts";
import { withinPrefix } from "../../manifests/within-prefix.ts";
import { DatasetError } from "../dataset-error.ts";
import type { DatasetFormat } from "../read-dataset.ts";
import { type DatasetLimits, datasetLimits } from "../s3/dataset-limits.ts";
import type { DatasetSource } from "../s3/dataset-source.ts";
import type { Allowlist, DatasetFinding } from "../s3/plan-listing.ts";
import type { ProgressReporter } from "../s3/progress.ts";
import type { SampleOptions } from "../s3/read-context.ts";
import { type DatasetRead, readDatasetObjects } from "../s3/read-dataset-objects.ts";
import { parseDirManifest } from "./dir-manifest.ts";
import { objectUri, remoteRoot } from "./dvc-objects.ts";
import type { RepoFiles } from "./repo-files.ts";
import { resolveDvcOutput } from "./resolve-dvc-output.ts";
import { type Expected, verifiedSource } from "./verified-source.ts";

// A Monitor's `dvc: { repo, path, rev }` dataset: the output that tracks the path at that revision,
// its objects in the remote (a directory's manifest first, then its files), every byte checked against
// the recorded md5 before it is parsed, read in the Monitor's format. A remote outside the
// integration's allowed prefixes is a finding, and nothing is requested from it.

/** Largest `.dir` manifest read. */
export const MAX_DIR_MANIFEST_BYTES = 64 * 1024 * 1024;

const EXTENSIONS: Readonly<Record<DatasetFormat, readonly string[]>> = {
  csv: [".csv"],
  jsonl: [".jsonl", ".ndjson"],
  parquet: [".parquet", ".pq"],
};

export interface DvcReference {
  /** How the Monitor names the repository: `.` for the platform repository, else its URL. */
  readonly repo: string;
  readonly path: string;
  readonly rev: string | null;
}

export interface DvcLoadOptions {
  readonly format: DatasetFormat;
  readonly allowlist: Allowlist;
  readonly limits?: Partial<DatasetLimits>;
  readonly sample?: SampleOptions;
  readonly progress?: ProgressReporter;
}

export type LoadedDvc =
  | { readonly kind: "finding"; readonly finding: DatasetFinding }
  | {
      readonly kind: "data";
      readonly label: string;
      readonly partitions: readonly string[];
      readonly read: DatasetRead;
      readonly version: DatasetVersion;
    };

function allowed(uri: string, allowlist: Allowlist): boolean {
  return allowlist === "unrestricted" || allowlist.some((p) => withinPrefix(uri, p));
}

async function readManifest(source: DatasetSource, uri: string, expected: Expected) {
  const opened = await verifiedSource(source, new Map([[uri, expected]])).open(uri, MAX_DIR_MANIFEST_BYTES);
  const parts: Uint8Array[] = [];
  for await (const chunk of opened.body) parts.push(chunk);
  const entries = parseDirManifest(Buffer.concat(parts));
  if ("problem" in entries) throw new DatasetError(uri, `${expected.label}: ${entries.problem}`);
  return entries;
}

export async function loadDvcDataset(
  source: DatasetSource,
  repo: RepoFiles,
  ref: DvcReference,
  options: DvcLoadOptions,
): Promise<LoadedDvc> {
  const label = `${ref.path}${ref.rev ? `@${ref.rev}` : ""}`;
  const resolved = await resolveDvcOutput(repo, ref.path, ref.rev);
  const { out, inner } = resolved;
  const root = remoteRoot(resolved.remote.url, resolved.remotes, repo.localDir);
  if ("problem" in root) throw new DatasetError(label, `${root.problem} (remote "${resolved.remote.name}")`);
  const limits = datasetLimits(options.limits);
  const expected = new Map<string, Expected>();
  const objects: { uri: string; size: number | undefined }[] = [];
  let md5 = out.md5;
  const refuse = (uri: string): LoadedDvc => ({
    kind: "finding",
    finding: {
      code: "SLW127",
      location: uri,
      message: `the DVC remote "${resolved.remote.name}" (${resolved.remote.url}) is outside the integration's allowed prefixes`,
    },
  });
  if (out.md5.endsWith(".dir")) {
    const hash = out.md5.slice(0, -".dir".length);
    const manifestUri = `${objectUri(root.root, hash, out.legacy)}.dir`;
    if (!allowed(manifestUri, options.allowlist)) return refuse(manifestUri);
    const entries = await readManifest(source, manifestUri, {
      md5: hash,
      legacy: out.legacy,
      label: `${out.path}/`,
    });
    const extensions = EXTENSIONS[options.format];
    const chosen =
      inner !== null
        ? entries.filter((e) => e.relpath === inner)
        : entries.filter(
            (e) =>
              extensions.some((x) => e.relpath.toLowerCase().endsWith(x)) &&
              !e.relpath.split("/").some((s) => /^[._]/.test(s)),
          );
    if (chosen.length === 0)
      throw new DatasetError(
        label,
        inner !== null
          ? `${out.path} (${out.file}) holds no file ${inner}`
          : `${out.path} (${out.file}) holds no ${extensions.join(" or ")} file`,
      );
    if (chosen.length > limits.maxObjects)
      throw new DatasetError(
        label,
        `${out.path} holds ${chosen.length} files; the limit is ${limits.maxObjects}`,
      );
    if (inner !== null) md5 = (chosen[0] as { md5: string }).md5;
    for (const entry of chosen) {
      const uri = objectUri(root.root, entry.md5, out.legacy);
      if (!allowed(uri, options.allowlist)) return refuse(uri);
      expected.set(uri, { md5: entry.md5, legacy: out.legacy, label: `${out.path}/${entry.relpath}` });
      objects.push({ uri, size: undefined });
    }
  } else {
    const uri = objectUri(root.root, out.md5, out.legacy);
    if (!allowed(uri, options.allowlist)) return refuse(uri);
    expected.set(uri, {
      md5: out.md5,
      legacy: out.legacy,
      label: out.path,
      ...(out.size !== undefined ? { size: out.size } : {}),
    });
    objects.push({ uri, size: out.size });
  }
  const read = await readDatasetObjects(verifiedSource(source, expected), objects, {
    format: options.format,
    label,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.sample ? { sample: options.sample } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  return {
    kind: "data",
    label,
    partitions: [],
    read,
    version: { kind: "dvc", repo: ref.repo, path: ref.path, rev: ref.rev, commit: resolved.commit, md5 },
  };
}
