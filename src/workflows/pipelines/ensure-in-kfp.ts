import { createHash } from "node:crypto";
import type { SourceTree } from "../../manifests/source-tree.ts";
import { isPipelinesFault, PipelinesFault } from "../../pipelines/pipelines-fault.ts";
import type { KfpExperiment, PipelinesPort } from "../../pipelines/pipelines-port.ts";
import { type DesiredRecurringRun, digestVersion, type PackageSource } from "../../plan/recurring-runs.ts";
import type { PackageBytes } from "./pipeline-ports.ts";

/** The version a run or recurring run references, and what it is (for comparison). */
export interface ResolvedVersion {
  pipelineId: string;
  versionId: string;
  packageKey: string;
}

/** Finds the experiment by display name in the integration's namespace, or creates it. */
export async function ensureExperiment(kfp: PipelinesPort, name: string): Promise<KfpExperiment> {
  const found = await kfp.findExperiment(name);
  if (found?.archived)
    throw new PipelinesFault(
      "invalid",
      `the KFP experiment \`${name}\` is archived; unarchive it, or name another in \`spec.experiment\``,
    );
  if (found) return found;
  try {
    return await kfp.createExperiment(name, "Created by Slipway for the Pipelines of a platform repository.");
  } catch (error) {
    // Created meanwhile (another replica, or an earlier answer that was lost): it is there now.
    if (isPipelinesFault(error) && error.kind === "conflict") {
      const again = await kfp.findExperiment(name);
      if (again) return again;
    }
    throw error;
  }
}

const MARKER = "slipway sha256:";

/**
 * The KFP pipeline version a package stands for. A `pipeline` package is looked up by name (its version,
 * or the latest). A file package is uploaded once per version name — `package.version`, else its digest —
 * to the repository's own KFP pipeline; the version's description records the file's digest, so the same
 * version name with other content is refused rather than silently running the old file.
 */
export async function ensureVersion(
  kfp: PipelinesPort,
  target: { kfpPipelineName: string; pipeline: string; repo: string },
  source: PackageSource,
  read: () => Promise<PackageBytes>,
): Promise<ResolvedVersion> {
  if (source.kind === "pipeline") {
    const pipeline = await kfp.findPipeline(source.name);
    if (!pipeline) throw new PipelinesFault("not-found", `KFP has no pipeline named \`${source.name}\``);
    const version = source.version
      ? await kfp.findPipelineVersion(pipeline.id, source.version)
      : await kfp.latestPipelineVersion(pipeline.id);
    if (!version)
      throw new PipelinesFault(
        "not-found",
        `KFP pipeline \`${source.name}\` has no version ${source.version ? `\`${source.version}\`` : "at all"}`,
      );
    return {
      pipelineId: pipeline.id,
      versionId: version.id,
      packageKey: `${source.name}/${source.version ?? "latest"}`,
    };
  }
  const bytes = await read();
  if ("problem" in bytes) throw new PipelinesFault("invalid", bytes.problem);
  const digest = createHash("sha256").update(bytes.bytes).digest("hex");
  const versionName = source.version ?? digestVersion(bytes.bytes);
  let pipeline = await kfp.findPipeline(target.kfpPipelineName);
  if (!pipeline) {
    try {
      pipeline = await kfp.createPipeline(
        target.kfpPipelineName,
        `Compiled pipeline of ${target.pipeline} in ${target.repo}, uploaded by Slipway.`,
      );
    } catch (error) {
      if (!(isPipelinesFault(error) && error.kind === "conflict")) throw error;
      pipeline = await kfp.findPipeline(target.kfpPipelineName);
      if (!pipeline) throw error;
    }
  }
  let version = await kfp.findPipelineVersion(pipeline.id, versionName);
  if (!version) {
    try {
      version = await kfp.uploadPipelineVersion(pipeline.id, versionName, bytes.bytes, `${MARKER}${digest}`);
    } catch (error) {
      if (!(isPipelinesFault(error) && error.kind === "conflict")) throw error;
      version = await kfp.findPipelineVersion(pipeline.id, versionName);
      if (!version) throw error;
    }
  }
  const recorded = version.description?.startsWith(MARKER) ? version.description.slice(MARKER.length) : null;
  if (recorded !== null && recorded !== digest)
    throw new PipelinesFault(
      "conflict",
      `version \`${versionName}\` of KFP pipeline \`${target.kfpPipelineName}\` holds another file (sha256 ${recorded.slice(0, 12)}…, this one is ${digest.slice(0, 12)}…); give the new package another \`package.version\``,
    );
  return { pipelineId: pipeline.id, versionId: version.id, packageKey: source.version ?? versionName };
}

/** The bytes of a desired run's package, through the ports (tree or bound store). */
export function packageReader(
  readPackage: (source: PackageSource, tree: SourceTree, integration: string) => Promise<PackageBytes>,
  desired: Pick<DesiredRecurringRun, "package" | "integration">,
  tree: SourceTree,
): () => Promise<PackageBytes> {
  return () => readPackage(desired.package, tree, desired.integration);
}
