import { type UriPackageRead, uriPackageDiagnostics } from "../../manifests/checks/check-pipelines.ts";
import { CODES } from "../../manifests/codes.ts";
import { readCompiledPackage } from "../../manifests/compiled-package.ts";
import { compareDiagnostics, summarize } from "../../manifests/diagnostic.ts";
import type { ServerBinding } from "../../manifests/schemas/server-config.ts";
import type { ValidationResult } from "../../manifests/validate-repo.ts";
import type { PackageSource } from "../../plan/recurring-runs.ts";
import type { PackageBytes } from "./pipeline-ports.ts";

/** Reads a URI package through what the binding allows (bounded); never throws. */
export type ReadUriPackage = (source: PackageSource, integration: string) => Promise<PackageBytes>;

/** Most URI packages read for one review: each is a bounded download. */
const MAX_PACKAGES = 20;

/**
 * A review's validation with the URI packages' parameter checks added (issue #18): each Pipeline whose
 * package is an `s3://` or `https://` URI is read through the bound store, bounded, and its parameters
 * checked as a path package's are. The caller skips this for forks (no reads for them).
 */
export async function withUriPackageChecks(
  result: ValidationResult,
  binding: ServerBinding | null,
  read: ReadUriPackage,
): Promise<ValidationResult> {
  const reads = new Map<string, UriPackageRead>();
  for (const pipeline of [...result.snapshot.manifests.Pipeline.values()].slice(0, MAX_PACKAGES)) {
    const uri = pipeline.value.spec.package.uri;
    if (uri === undefined) continue;
    const version = pipeline.value.spec.package.version;
    const got = await read(
      { kind: "uri", uri, ...(version ? { version } : {}) },
      pipeline.value.spec.integration,
    );
    reads.set(
      pipeline.name,
      "problem" in got ? { unread: got.problem } : readCompiledPackage(uri, got.bytes),
    );
  }
  if (reads.size === 0) return result;
  const added = uriPackageDiagnostics(result.snapshot, binding, reads);
  if (added.length === 0) return result;
  for (const d of added) d.hint ??= CODES[d.code].hint;
  const diagnostics = [...result.diagnostics, ...added].sort(compareDiagnostics);
  const summary = summarize(diagnostics, result.summary.files, result.summary.manifests);
  return { ...result, diagnostics, summary, ok: summary.errors === 0 };
}
