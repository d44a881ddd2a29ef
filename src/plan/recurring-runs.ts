import { createHash } from "node:crypto";
import { kfpCron } from "../manifests/cron.ts";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";

/** Where a Pipeline's compiled package comes from. */
export type PackageSource =
  | { readonly kind: "path"; readonly path: string; readonly version?: string }
  | { readonly kind: "uri"; readonly uri: string; readonly version?: string }
  | { readonly kind: "pipeline"; readonly name: string; readonly version?: string };

/** A recurring run the default branch declares (a Pipeline with a schedule), as KFP will hold it. */
export interface DesiredRecurringRun {
  readonly pipeline: string;
  readonly integration: string;
  /** The recurring run's display name: stable for (repository, pipeline). */
  readonly stableName: string;
  /** The KFP pipeline Slipway uploads path/uri packages to. */
  readonly kfpPipelineName: string;
  /** The KFP experiment (display name). */
  readonly experiment: string;
  readonly package: PackageSource;
  /** What is compared: the version name, else the file's digest (`sha256-…`), else the URI. */
  readonly packageKey: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** As written in the manifest, and as sent to KFP (seconds first). */
  readonly schedule: string;
  readonly cron: string;
  readonly serviceAccount: string | null;
  /** KFP's MLflow plugin input: the Model's evidence experiment, when the integration runs the plugin. */
  readonly mlflowExperiment: string | null;
}

/** `fraud-detection-retrain (acme/ml-platform)`: readable in the KFP UI, unique per repository and pipeline. */
export function stableRecurringName(repository: string, pipeline: string): string {
  return `${pipeline} (${repository.toLowerCase()})`;
}

/**
 * The KFP pipeline name a repository's Pipeline uploads to: DNS-1123 (KFP's Kubernetes-native storage
 * needs it), with a digest of the exact repository and name so two repositories never share one.
 */
export function kfpPipelineName(repository: string, pipeline: string): string {
  const base = `${pipeline}-${repository}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 100)
    .replace(/-$/, "");
  const digest = createHash("sha256")
    .update(`${repository.toLowerCase()}/${pipeline}`)
    .digest("hex")
    .slice(0, 8);
  return `${base}-${digest}`;
}

/** The version name a file package is uploaded under when the manifest gives none. */
export function digestVersion(bytes: Uint8Array): string {
  return `sha256-${createHash("sha256").update(bytes).digest("hex").slice(0, 16)}`;
}

export function packageSourceOf(pkg: {
  path?: string;
  uri?: string;
  pipeline?: string;
  version?: string;
}): PackageSource | null {
  const version = pkg.version === undefined ? {} : { version: pkg.version };
  if (pkg.path !== undefined) return { kind: "path", path: pkg.path.replace(/^\.\//, ""), ...version };
  if (pkg.uri !== undefined) return { kind: "uri", uri: pkg.uri, ...version };
  if (pkg.pipeline !== undefined) return { kind: "pipeline", name: pkg.pipeline, ...version };
  return null;
}

export interface DesiredOptions {
  /** `owner/repo`. */
  readonly repository: string;
  /** Bytes of the repository's files (path packages are keyed by their digest when unversioned). */
  readonly files?: ReadonlyMap<string, Uint8Array>;
  /** Whether the named `kfp` integration runs KFP's MLflow plugin. */
  readonly mlflowPlugin?: (integration: string) => boolean;
  /** The key of a URI package without a version, once its bytes were read (the sync's digest). */
  readonly uriDigests?: ReadonlyMap<string, string>;
}

/**
 * The recurring runs a snapshot declares: every Pipeline with a `schedule` (and, when it lists triggers,
 * a `schedule` trigger), sorted by name. Pure; a Pipeline whose package or schedule cannot be read is
 * left out (validation reports it, and an invalid commit is never synced).
 */
export function desiredRecurringRuns(
  snapshot: PlatformSnapshot,
  options: DesiredOptions,
): DesiredRecurringRun[] {
  const out: DesiredRecurringRun[] = [];
  for (const manifest of snapshot.manifests.Pipeline.values()) {
    const spec = manifest.value.spec;
    if (spec.schedule === undefined) continue;
    if (spec.triggers && !spec.triggers.some((t) => t.on === "schedule")) continue;
    const cron = kfpCron(spec.schedule);
    const source = packageSourceOf(spec.package);
    if ("problem" in cron || source === null) continue;
    const model = spec.model ? snapshot.manifests.Model.get(spec.model) : undefined;
    const plugin = options.mlflowPlugin?.(spec.integration) ?? false;
    out.push({
      pipeline: manifest.name,
      integration: spec.integration,
      stableName: stableRecurringName(options.repository, manifest.name),
      kfpPipelineName: kfpPipelineName(options.repository, manifest.name),
      experiment: spec.experiment ?? manifest.name,
      package: source,
      packageKey: packageKeyOf(source, options),
      parameters: spec.parameters ?? {},
      schedule: spec.schedule,
      cron: cron.cron,
      serviceAccount: spec.serviceAccount ?? null,
      mlflowExperiment: plugin ? (model?.value.spec.evidence?.experiment ?? null) : null,
    });
  }
  return out.sort((a, b) => (a.pipeline < b.pipeline ? -1 : a.pipeline > b.pipeline ? 1 : 0));
}

function packageKeyOf(source: PackageSource, options: DesiredOptions): string {
  if (source.kind === "pipeline") return `${source.name}/${source.version ?? "latest"}`;
  if (source.version !== undefined) return source.version;
  if (source.kind === "path") {
    const bytes = options.files?.get(source.path);
    return bytes ? digestVersion(bytes) : `file ${source.path}`;
  }
  return options.uriDigests?.get(source.uri) ?? source.uri;
}
